"""Case studies on the site, for their authors: "my case studies", a new draft, editing it,
its paper and photos, submitting; and the files, served only through views that check who
may have them (originals and papers as attachments, web versions without metadata inline).
Anyone else gets "not found", so an id reveals nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casestudies.forms import CaseStudyForm, ConflictForm, PaperForm, PhotoForm, SubmitForm
from casestudies.models import ConflictOfInterest
from casestudies.permissions import (
    may_edit_case_study,
    may_remove_conflict,
    may_see_feedback,
    may_see_photo_location,
    may_submit_case_study,
    may_view_case_study,
    may_write_case_studies,
)
from casestudies.selectors import (
    case_study_detail,
    case_study_feedback_for_authors,
    case_study_get,
    case_study_list_for_participant,
    case_study_presentation,
    conflict_list,
    groups_of_participant,
    photo_categories,
    photo_get,
    reviewers,
)
from casestudies.services.case_studies import (
    case_study_create,
    case_study_paper_upload,
    case_study_save,
    case_study_submit,
)
from casestudies.services.photos import photo_add, photo_delete
from casestudies.services.reviews import conflict_declare, conflict_remove
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError
from core.files import CONTENT_TYPES, original_name, stored_file_response, web_photo_response

WEB_SIZES = ("besar", "kecil")


def _not_a_participant(request):
    return render(request, "casestudies/not_participant.html", status=403)


def _viewable(request, pk):
    case_study = case_study_get(pk=pk)
    if case_study is None or not may_view_case_study(request.user, case_study):
        raise Http404
    return case_study


def _editable(request, pk):
    case_study = _viewable(request, pk)
    if not may_edit_case_study(request.user, case_study):
        messages.error(request, _("This case study can no longer be changed."))
        return case_study, redirect("casestudies:detail", pk=pk)
    return case_study, None


def _form_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@never_cache
@login_required
def case_study_list(request):
    participant = participant_get_for_user(request.user)
    if participant is None:
        return _not_a_participant(request)
    return render(
        request,
        "casestudies/list.html",
        {"case_studies": case_study_list_for_participant(participant)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_study_new(request):
    if not may_write_case_studies(request.user):
        return _not_a_participant(request)
    participant = participant_get_for_user(request.user)
    form = CaseStudyForm(request.POST or None, groups=groups_of_participant(participant))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_study = case_study_create(
                kind=data["kind"],
                title=data["title"],
                theme=data["theme"],
                summary=data["summary"],
                visit_place=data["visit_place"],
                visit_starts=data["visit_starts"],
                visit_ends=data["visit_ends"],
                group=data["group"],
                participant=participant,
                by=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Draft saved. Now add the paper and the photos."))
            return redirect("casestudies:detail", pk=case_study.pk)
    return render(request, "casestudies/form.html", {"form": form, "creating": True})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_study_edit(request, pk):
    case_study, refused = _editable(request, pk)
    if refused:
        return refused
    form = CaseStudyForm(request.POST or None, instance=case_study, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            case_study_save(
                case_study=case_study,
                by=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields if name != "kind"},
            )
        except ValidationError as error:
            _form_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("casestudies:detail", pk=pk)
    return render(
        request,
        "casestudies/form.html",
        {"form": form, "creating": False, "case_study": case_study},
    )


def _detail(request, case_study, *, paper_form=None, photo_form=None, status=200):
    user = request.user
    editable = may_edit_case_study(user, case_study)
    context = {
        "case_study": case_study,
        "editable": editable,
        "may_submit": may_submit_case_study(user, case_study),
        "show_location": may_see_photo_location(user, case_study),
        # the reviewers' feedback and the final score: only once the organiser released them
        "feedback": (
            case_study_feedback_for_authors(case_study)
            if may_see_feedback(user, case_study)
            else None
        ),
        # its presentation slot (day, time, room) once accepted
        "presentation": case_study_presentation(case_study),
        **case_study_detail(case_study),
    }
    if editable:
        context["paper_form"] = paper_form or PaperForm()
        context["photo_form"] = photo_form or PhotoForm(categories=photo_categories())
        context["submit_form"] = SubmitForm()
    return render(request, "casestudies/detail.html", context, status=status)


@never_cache
@login_required
def case_study_view(request, pk):
    return _detail(request, _viewable(request, pk))


@never_cache
@login_required
@require_POST
def paper_upload(request, pk):
    case_study, refused = _editable(request, pk)
    if refused:
        return refused
    form = PaperForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            case_study_paper_upload(
                case_study=case_study, file=form.cleaned_data["paper"], by=request.user
            )
        except DomainError as error:
            form.add_error("paper", str(error))
        else:
            messages.success(request, _("Paper uploaded."))
            return redirect("casestudies:detail", pk=pk)
    return _detail(request, case_study, paper_form=form, status=400)


@never_cache
@login_required
@require_POST
def photo_upload(request, pk):
    case_study, refused = _editable(request, pk)
    if refused:
        return refused
    form = PhotoForm(request.POST, request.FILES, categories=photo_categories())
    if form.is_valid():
        data = form.cleaned_data
        try:
            photo_add(
                case_study=case_study,
                file=data["photo"],
                category=data["category"],
                caption=data["caption"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("photo", str(error))
        else:
            messages.success(request, _("Photo added."))
            return redirect("casestudies:detail", pk=pk)
    return _detail(request, case_study, photo_form=form, status=400)


@login_required
@require_POST
def photo_remove(request, pk):
    photo = photo_get(pk=pk)
    if photo is None or not may_view_case_study(request.user, photo.case_study):
        raise Http404
    try:
        photo_delete(photo=photo, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Photo removed."))
    return redirect("casestudies:detail", pk=photo.case_study_id)


@login_required
@require_POST
def case_study_send(request, pk):
    case_study = _viewable(request, pk)
    form = SubmitForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        case_study = case_study_submit(case_study=case_study, by=request.user, comment=comment)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if case_study.late:
            messages.warning(request, _("Submitted, after the deadline: it is marked late."))
        else:
            messages.success(request, _("Submitted. The organisers will review it."))
    return redirect("casestudies:detail", pk=pk)


def _attachment(field, filename, content_type):
    return stored_file_response(field, content_type=content_type, filename=filename)


@never_cache
@login_required
def paper_download(request, pk):
    case_study = _viewable(request, pk)
    if not case_study.paper:
        raise Http404
    return _attachment(
        case_study.paper,
        f"makalah-{case_study.pk}.{case_study.paper_format}",
        CONTENT_TYPES[case_study.paper_format],
    )


def _photo(request, pk):
    photo = photo_get(pk=pk)
    if photo is None or not may_view_case_study(request.user, photo.case_study):
        raise Http404
    return photo


@never_cache
@login_required
def photo_image(request, pk, size):
    """A web version (no metadata), inline: re-encoded by us, so safe to show."""
    if size not in WEB_SIZES:
        raise Http404
    return web_photo_response(_photo(request, pk), size)


@never_cache
@login_required
def photo_original(request, pk):
    """The file as uploaded, EXIF and all: authors and reviewers only, as an attachment."""
    photo = _photo(request, pk)
    if not may_see_photo_location(request.user, photo.case_study):
        raise Http404
    return _attachment(photo.original, original_name(photo), "application/octet-stream")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def conflict_list_own(request):
    """The author's conflicts of interest with facilitators (whoever declared them): declare
    one, remove an unpinned one he declared."""
    participant = participant_get_for_user(request.user)
    if participant is None:
        return _not_a_participant(request)
    form = ConflictForm(request.POST or None, reviewers=reviewers().order_by("first_name"))
    if request.method == "POST" and request.POST.get("action") == "remove":
        conflict = conflict_list().filter(participant=participant, pk=request.POST.get("conflict"))
        try:
            conflict_remove(conflict=conflict.get(), by=request.user)
        except (ConflictOfInterest.DoesNotExist, ValueError):
            raise Http404 from None
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Conflict removed."))
        return redirect("casestudies:conflicts")
    if request.method == "POST" and form.is_valid():
        try:
            conflict_declare(participant=participant, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Conflict declared."))
            return redirect("casestudies:conflicts")
    conflicts = list(conflict_list().filter(participant=participant))
    for conflict in conflicts:
        conflict.removable = may_remove_conflict(request.user, conflict)
    return render(
        request,
        "casestudies/conflicts.html",
        {"form": form, "conflicts": conflicts},
        status=400 if form.errors else 200,
    )
