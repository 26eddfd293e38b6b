"""Strings of third-party apps that Selaras translates itself (``locale/id/LC_MESSAGES``).

Listed here so that ``makemessages`` keeps them in the project catalogue, which is searched
before the apps' own (LOCALE_PATHS). Two reasons to list a string:
- the catalogues disagree, so one word would mean two things (Django's and allauth's
  "Password" is "Kata Kunci" in one and "Kata sandi" in another);
- Wagtail's Indonesian catalogue lacks it: most of the admin's menus, listings (search,
  filters, sorting, pagination, bulk actions), the page explorer and editor, the account page
  and the reports. The admin's JavaScript strings (sidebar, editor, dialogs) are in
  ``locale/id/LC_MESSAGES/djangojs.po``, kept by hand.

``tests/lms/test_admin_language.py`` opens the main admin screens as each staff role and fails
on an English word; a string it finds belongs here, translated in ``locale/id``. Nothing here
is ever evaluated: the lazy plural forms only mark their strings.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

OVERRIDES = [
    # Django and allauth: one word for one thing
    gettext_noop("Password"),
    gettext_noop("Remember Me"),
    # Wagtail: Admin chrome: sidebar, breadcrumbs, dialogs, keyboard shortcuts, messages
    gettext_noop("Add comment"),
    gettext_noop("Download XLSX"),  # the reports' export buttons
    # the moderation workflow of visioning materials: its reports and menu items
    gettext_noop("Workflows"),
    gettext_noop("Workflow tasks"),
    gettext_noop("Workflow"),
    gettext_noop("workflow"),  # a model field's name: the report's filter label
    gettext_noop("No pages/snippets have been submitted for moderation yet"),
    gettext_noop("Download CSV"),
    gettext_noop("Tag(s) %(value_too_long)s are over %(max_tag_length)d characters."),
    gettext_noop("1 page selected"),
    gettext_noop("%(objects)s pages selected"),
    gettext_noop("All %(objects)s pages on this screen selected"),
    gettext_noop("All pages in listing selected"),
    gettext_noop("1 document selected"),
    gettext_noop("%(objects)s documents selected"),
    gettext_noop("All %(objects)s documents on this screen selected"),
    gettext_noop("All documents in listing selected"),
    gettext_noop("1 image selected"),
    gettext_noop("%(objects)s images selected"),
    gettext_noop("All %(objects)s images on this screen selected"),
    gettext_noop("All images in listing selected"),
    gettext_noop("1 user selected"),
    gettext_noop("%(objects)s users selected"),
    gettext_noop("All %(objects)s users on this screen selected"),
    gettext_noop("All users in listing selected"),
    gettext_noop("1 snippet selected"),
    gettext_noop("%(objects)s snippets selected"),
    gettext_noop("All %(objects)s snippets on this screen selected"),
    gettext_noop("All snippets in listing selected"),
    gettext_noop("1 item selected"),
    gettext_noop("%(objects)s items selected"),
    gettext_noop("All %(objects)s items on this screen selected"),
    gettext_noop("All items in listing selected"),
    gettext_noop("item"),
    gettext_noop("items"),
    gettext_noop("Sidebar"),
    gettext_noop("Go to the first error"),
    gettext_noop("Actions"),
    gettext_noop("Your locked pages"),
    gettext_noop("Privacy and access"),
    gettext_noop("Locked at"),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    gettext_noop("Read the release notes."),
    gettext_noop("Compare with previous version"),
    gettext_noop("Forgotten password?"),
    gettext_noop("Remember me"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Toggle breadcrumbs"),
    ngettext_lazy(
        "This action will delete <b>%(total_pages_formatted)s</b> page in total.",
        "This action will delete <b>%(total_pages_formatted)s</b> pages in total.",
    ),
    gettext_noop("Please type <b>%(wagtail_site_name)s</b> to confirm."),
    gettext_noop("Close dialog"),
    gettext_noop("account"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
    ),
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("Section"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop("Toggle section"),
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br "
        '/> Here are the <a href="https://www.enable-javascript.com/" '
        'target="_blank" rel="noreferrer">instructions how to enable '
        "JavaScript in your web browser</a>."
    ),
    gettext_noop("More bulk actions"),
    gettext_noop("0 minutes"),
    gettext_noop("just now"),
    gettext_noop("at %(time)s by %(user_display_name)s"),
    gettext_noop("at %(time)s"),
    gettext_noop("%(time)s by %(user_display_name)s"),
    gettext_noop("%(time_period)s ago by %(user_display_name)s"),
    gettext_noop("%(status_display)s %(task_name)s %(started_at)s"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Toggle sidebar"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Cut"),
    gettext_noop("Paste"),
    gettext_noop("Paste and match style"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Text formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
    gettext_noop("Superscript"),
    gettext_noop("Subscript"),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("Search all pages…"),
    gettext_noop("Page types usage"),
    gettext_noop("Aging pages"),
    gettext_noop("Site history"),
    gettext_noop("Locked pages"),
    gettext_noop("Sort menu order"),
    gettext_noop("Heading 1"),
    gettext_noop("Heading 2"),
    gettext_noop("Heading 3"),
    gettext_noop("Heading 4"),
    gettext_noop("Heading 5"),
    gettext_noop("Heading 6"),
    gettext_noop("Blockquote"),
    gettext_noop("Strikethrough"),
    gettext_noop("Reports"),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
    gettext_noop("Tags can only consist of a single word, no spaces allowed."),
    # Wagtail: Listings: search, filters, sorting, pagination, bulk actions, usage
    gettext_noop("the %(model_name)s will also be deleted"),
    gettext_noop("prevents deletion"),
    gettext_noop("will be set to the default %(model_name)s"),
    gettext_noop("will do nothing"),
    gettext_noop("may prevent deletion"),
    gettext_noop("will be set to a %(model_name)s specified by the system"),
    gettext_noop("will unset the reference"),
    gettext_noop("Locale"),
    gettext_noop("Usage count"),
    gettext_noop("Tag"),
    gettext_noop("Filter by up to ten most popular tags."),
    gettext_noop("Search…"),
    gettext_noop("Go back"),
    gettext_noop("Bulk actions"),
    gettext_noop("Select"),
    gettext_noop("Select row"),
    gettext_noop("Select all"),
    gettext_noop("Phone link"),
    gettext_noop("Anchor link"),
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches"),
    gettext_noop("Add an anchor link"),
    gettext_noop("Insert anchor"),
    ngettext_lazy(
        'Only pages of type "%(type)s" may be chosen for this field. Search '
        "results will exclude pages of other types.",
        "Only the following page types may be chosen for this field: %(type)s. "
        "Search results will exclude pages of other types.",
    ),
    gettext_noop("Confirm selection"),
    gettext_noop("Convert to internal link"),
    gettext_noop(
        'The URL you entered, <a target="_blank" rel="noreferrer" '
        'href="%(submitted_url)s">%(submitted_url)s</a>, looks like it matches '
        'the internal page %(page)s, which has the URL <a target="_blank" '
        'rel="noreferrer" href="%(internal_url)s">%(internal_url)s</a>.'
    ),
    gettext_noop(
        "Converting this to an internal link to %(page)s would make the link "
        "automatically update if the underlying page changes its URL. Would you "
        "like to do this?"
    ),
    gettext_noop("Use external link"),
    gettext_noop("Add a phone link"),
    gettext_noop("Select %(title)s"),
    gettext_noop('Sorry, there are no matches for "<em>%(search_query)s</em>"'),
    gettext_noop("There are no results."),
    gettext_noop("No, don't delete"),
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
    ngettext_lazy("Delete 1 page", "Delete %(counter)s pages"),
    gettext_noop("Are you sure you want to delete these pages?"),
    ngettext_lazy(
        "This will also delete one more subpage.",
        "This will also delete %(counter)s more subpages.",
    ),
    ngettext_lazy(
        "You don't have permission to delete this page",
        "You don't have permission to delete these pages",
    ),
    ngettext_lazy("Move 1 page", "Move %(counter)s pages"),
    gettext_noop("Are you sure you want to move these pages?"),
    ngettext_lazy("This page has one child page", "This page has %(counter)s child pages"),
    ngettext_lazy(
        "You don't have permission to move this page",
        "You don't have permission to move these pages",
    ),
    ngettext_lazy(
        "The following page cannot be moved to %(dest_title)s",
        "The following pages cannot be moved to %(dest_title)s",
    ),
    ngettext_lazy(
        "The following page cannot be moved due to duplicate slug",
        "The following pages cannot be moved due to duplicate slugs",
    ),
    gettext_noop("There is no valid destination page for these pages"),
    gettext_noop("Yes, move these pages"),
    gettext_noop("No, don't move"),
    ngettext_lazy("Publish 1 page", "Publish %(counter)s pages"),
    gettext_noop("Are you sure you want to publish these pages?"),
    ngettext_lazy(
        "This page has one unpublished subpage",
        "This page has %(counter)s unpublished subpages",
    ),
    ngettext_lazy(
        "You don't have permission to publish this page",
        "You don't have permission to publish these pages",
    ),
    gettext_noop("Yes, publish"),
    gettext_noop("No, don't publish"),
    ngettext_lazy("Unpublish 1 page", "Unpublish %(counter)s pages"),
    gettext_noop("Are you sure you want to unpublish these pages?"),
    ngettext_lazy("This page has one subpage", "This page has %(counter)s subpages"),
    ngettext_lazy(
        "You don't have permission to unpublish this page",
        "You don't have permission to unpublish these pages",
    ),
    gettext_noop("Yes, unpublish"),
    gettext_noop("Select all pages in listing"),
    gettext_noop("This page is locked, by you, to further editing"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_noop("No results across entire site."),
    gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("Search the whole site"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("Pagination"),
    gettext_noop("%(field_label)s:"),
    gettext_noop("Apply filters"),
    gettext_noop("Show filters"),
    gettext_noop("Filter by"),
    gettext_noop("Back"),
    gettext_noop("Item %(index)s of %(total)s"),
    gettext_noop("Disable custom ordering"),
    gettext_noop("Sort"),
    gettext_noop("Enable custom ordering"),
    gettext_noop("(blank)"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("'%(page_title)s' has been moved successfully."),
    gettext_noop(
        "Focus on the drag button and press up or down arrows to move the item, "
        "then press enter to submit the change."
    ),
    gettext_noop(
        "Sort the order of child pages within '%(parent)s' by '%(label)s' in ascending order."
    ),
    gettext_noop(
        "Sort the order of child pages within '%(parent)s' by '%(label)s' in descending order."
    ),
    gettext_noop("No %(model_name)s match your query."),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop("%(related_model_name)s %(field_label)s"),
    gettext_noop("Sort item order"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Compare"),
    gettext_noop("'%(object)s' unpublished."),
    gettext_noop('Version %(revision_id)s of "%(object)s" unscheduled.'),
    gettext_noop("If you confirm deletion"),
    gettext_noop("Field"),
    gettext_noop("(Private %(object)s)"),
    gettext_noop("Delete selected pages"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been deleted",
        "%(num_parent_objects)d pages have been deleted",
    ),
    gettext_noop("Select a new parent page"),
    gettext_noop("Move selected pages"),
    ngettext_lazy("%(num_pages)d page has been moved", "%(num_pages)d pages have been moved"),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages"),
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages"),
    gettext_noop("Publish selected pages"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been published"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been published",
        "%(num_parent_objects)d pages have been published",
    ),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been unpublished"),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
    ),
    gettext_noop("Date updated"),
    gettext_noop("Owner"),
    gettext_noop("Edited by"),
    gettext_noop("Has child pages"),
    gettext_noop("Any"),
    gettext_noop("Page type"),
    gettext_noop("Exploring"),
    ngettext_lazy("Add tags to 1 image", "Add tags to %(counter)s images"),
    gettext_noop("Add tags to images"),
    ngettext_lazy(
        "Are you sure you want to tag the following image?",
        "Are you sure you want to tag the following images?",
    ),
    ngettext_lazy(
        "You don't have permission to add tags to this image",
        "You don't have permission to add tags to these images",
    ),
    gettext_noop("Yes, add"),
    gettext_noop("No, don't add"),
    ngettext_lazy("Add 1 image to new collection", "Add %(counter)s images to new collection"),
    gettext_noop("Add images to collection"),
    ngettext_lazy(
        "Are you sure you want to add the following image to the selected collection?",
        "Are you sure you want to add the following images to the selected collection?",
    ),
    ngettext_lazy(
        "You don't have permission to add this image to a collection",
        "You don't have permission to add these images to a collection",
    ),
    ngettext_lazy("Delete 1 image", "Delete %(counter)s images"),
    gettext_noop("Delete images"),
    ngettext_lazy(
        "Are you sure you want to delete this image?",
        "Are you sure you want to delete these images?",
    ),
    ngettext_lazy(
        "You don't have permission to delete this image",
        "You don't have permission to delete these images",
    ),
    gettext_noop("Layout"),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of "
        "an existing image. You may delete it if it wasn't required."
    ),
    gettext_noop("Existing"),
    gettext_noop("Use new image"),
    gettext_noop("Use existing and delete new"),
    gettext_noop("You haven't uploaded any images in this collection."),
    gettext_noop("You haven't uploaded any images."),
    gettext_noop(
        'Why not <a class="upload-one-now" href="#tab-upload" '
        'data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" '
        'data-w-tabs-focus-param="true">upload one now</a>?'
    ),
    gettext_noop("Tags"),
    gettext_noop("Add tags to the selected images"),
    ngettext_lazy(
        "New tags have been added to %(num_parent_objects)d image",
        "New tags have been added to %(num_parent_objects)d images",
    ),
    gettext_noop("Add to collection"),
    gettext_noop("Add selected images to collection"),
    ngettext_lazy(
        "%(num_parent_objects)d image has been added to %(collection)s",
        "%(num_parent_objects)d images have been added to %(collection)s",
    ),
    gettext_noop("Delete selected images"),
    ngettext_lazy(
        "%(num_parent_objects)d image has been deleted",
        "%(num_parent_objects)d images have been deleted",
    ),
    gettext_noop("Delete selected snippets"),
    ngettext_lazy("%(count)d %(model_name)s deleted.", "%(count)d %(model_name)s deleted."),
    gettext_noop("You don't have permission to delete this %(snippet_type_name)s"),
    gettext_noop("You don't have permission to delete these %(snippet_plural_name)s"),
    gettext_noop(
        "You haven't created any %(snippet_type_name)s snippets. Why not <a "
        'href="%(wagtailsnippets_create_snippet_url)s" target="_blank" '
        'rel="noreferrer">create one now</a>?'
    ),
    ngettext_lazy("Add tags to 1 document", "Add tags to %(counter)s documents"),
    gettext_noop("Add tags to documents"),
    ngettext_lazy(
        "Are you sure you want to tag the following document?",
        "Are you sure you want to tag the following documents?",
    ),
    ngettext_lazy(
        "You don't have permission to add tags to this document",
        "You don't have permission to add tags to these documents",
    ),
    ngettext_lazy(
        "Add 1 document to new collection",
        "Add %(counter)s documents to new collection",
    ),
    gettext_noop("Add documents to collection"),
    ngettext_lazy(
        "Are you sure you want to add the following document to the selected collection?",
        "Are you sure you want to add the following documents to the selected collection?",
    ),
    ngettext_lazy(
        "You don't have permission to add this document to a collection",
        "You don't have permission to add these documents to a collection",
    ),
    ngettext_lazy("Delete 1 document", "Delete %(counter)s documents"),
    gettext_noop("Delete documents"),
    ngettext_lazy(
        "Are you sure you want to delete this document?",
        "Are you sure you want to delete these documents?",
    ),
    ngettext_lazy(
        "You don't have permission to delete this document",
        "You don't have permission to delete these documents",
    ),
    gettext_noop("Add tags to the selected documents"),
    ngettext_lazy(
        "New tags have been added to %(num_parent_objects)d document",
        "New tags have been added to %(num_parent_objects)d documents",
    ),
    gettext_noop("Add selected documents to collection"),
    ngettext_lazy(
        "%(num_parent_objects)d document has been added to %(collection)s",
        "%(num_parent_objects)d documents have been added to %(collection)s",
    ),
    gettext_noop("Delete selected documents"),
    ngettext_lazy(
        "%(num_parent_objects)d document has been deleted",
        "%(num_parent_objects)d documents have been deleted",
    ),
    # Wagtail: Page explorer and editor: status, side panels, publishing, preview, locking, privacy
    gettext_noop("Add Comment"),
    gettext_noop("- Select an option -"),
    gettext_noop("Group"),
    gettext_noop("Date cannot be in the future."),
    gettext_noop("No one can make changes while the %(model_name)s is locked"),
    gettext_noop("<b>'{title}' was locked</b> by <b>you</b> on <b>{datetime}</b>."),
    gettext_noop("<b>'{title}' is locked</b> by <b>you</b>."),
    gettext_noop("<b>'{title}' was locked</b> by <b>{user}</b> on <b>{datetime}</b>."),
    gettext_noop("<b>'{title}' is locked</b>."),
    gettext_noop("Locked by you"),
    gettext_noop("Locked by another user"),
    gettext_noop("Only you can make changes while the %(model_name)s is locked"),
    gettext_noop("Only %(user)s can make changes while the %(model_name)s is locked"),
    gettext_noop(
        "{model_name} '{title}' is locked and has been scheduled to go live at {datetime}"
    ),
    gettext_noop("Locked by schedule"),
    gettext_noop("Currently locked and will go live on the scheduled date"),
    gettext_noop("Lock/unlock pages you've locked"),
    gettext_noop("Unlock any page"),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use within the parent page at "
        "'%(parent_url_path)s'."
    ),
    gettext_noop("For site menus"),
    gettext_noop("title tag"),
    gettext_noop(
        "The name of the page displayed on search engine results as the clickable headline."
    ),
    gettext_noop("meta description"),
    gettext_noop("The descriptive text displayed underneath a headline in search engine results."),
    gettext_noop("For search engines"),
    gettext_noop("page log entry"),
    gettext_noop("page log entries"),
    gettext_noop("Draft saved"),
    gettext_noop("comment"),
    gettext_noop("comments"),
    gettext_noop("comment reply"),
    gettext_noop("comment replies"),
    gettext_noop("Preview in mobile size"),
    gettext_noop("Preview in tablet size"),
    gettext_noop("Preview in desktop size"),
    gettext_noop("revision"),
    gettext_noop("revisions"),
    gettext_noop("latest revision"),
    gettext_noop("Private, accessible with a shared password"),
    gettext_noop("Private, accessible to any logged-in users"),
    gettext_noop("shared password"),
    gettext_noop(
        "Shared passwords should not be used to protect sensitive content. "
        "Anyone who has this password will be able to view the content."
    ),
    gettext_noop("Expiry date/time must be in the future."),
    gettext_noop("Keep the new pages updated with future changes"),
    gettext_noop('You do not have permission to publish pages at "%(page_title)s"'),
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop("Select a new parent for this page."),
    gettext_noop("The new page will be a child of this given parent page."),
    gettext_noop('You do not have permission to create a page under "%(page_title)s".'),
    gettext_noop('You cannot create a page of type "%(page_type)s" under "%(page_title)s".'),
    gettext_noop("Page title"),
    gettext_noop("Reset to default"),
    gettext_noop("Default avatar"),
    gettext_noop("Upload a profile picture:"),
    gettext_noop("Change privacy"),
    gettext_noop("Are you sure you want to unpublish this %(model_name)s?"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Preview not available"),
    gettext_noop(
        "Preview cannot display due to validation errors. <br /> Click save to "
        "highlight the relevant fields."
    ),
    ngettext_lazy("Moved down 1 place.", "Moved down %(counter)s places."),
    ngettext_lazy("Moved up 1 place.", "Moved up %(counter)s places."),
    gettext_noop("There are no differences between these two versions"),
    gettext_noop("Changing the privacy for this page has been disabled."),
    gettext_noop("Scheduling…"),
    gettext_noop("Schedule to publish"),
    gettext_noop("Publish this version"),
    gettext_noop("Sorry, you cannot create a page at this location."),
    gettext_noop("This action cannot be undone."),
    gettext_noop("Yes, convert it"),
    ngettext_lazy(
        "Deleting this page will also delete %(descendant_count)s child page.",
        "Deleting this page will also delete %(descendant_count)s more child pages.",
    ),
    ngettext_lazy(
        "This page has one subpage. Unpublish this too",
        "This page has %(live_descendant_count)s subpages. Unpublish these too",
    ),
    gettext_noop("Edit original page"),
    ngettext_lazy("There is one matching page", "There are %(counter)s matching pages"),
    gettext_noop("Sorry, no pages match <em>%(query_string)s</em>"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Save schedule"),
    gettext_noop("Action"),
    gettext_noop("User"),
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("You saved a new version in another window"),
    gettext_noop("System"),
    gettext_noop("%(user_name)s saved a new version"),
    gettext_noop("View latest version"),
    gettext_noop("You have unsaved changes in another window"),
    gettext_noop("%(user_name)s has unsaved changes"),
    gettext_noop("Currently idle"),
    gettext_noop("Currently viewing"),
    ngettext_lazy(
        "One other user is currently viewing",
        "%(num_user)s other users are currently viewing",
    ),
    gettext_noop("Proceeding will overwrite the changes you made in that window."),
    gettext_noop("Proceeding will overwrite the changes made by %(user_name)s."),
    gettext_noop("Alternatively, you can view the latest version in a new tab."),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the "
        "editor in a separate tab to view the last saved version."
    ),
    gettext_noop("Current page status:"),
    gettext_noop("Visit the live page"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Visible to all"),
    gettext_noop("Private. Visit the live page"),
    gettext_noop("Minimap"),
    gettext_noop("Side panels"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Side panel width"),
    gettext_noop("Show issue"),
    gettext_noop("Content metrics"),
    gettext_noop("Words"),
    gettext_noop("Reading time"),
    gettext_noop("Readability"),
    gettext_noop("This data explained"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop(
        "We extract the main content from the page preview, remove all "
        "formatting, and calculate the number of words."
    ),
    gettext_noop(
        "We calculate reading time from word count, using different reading "
        "speeds for different languages."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. "
        "Long sentences and words result in a worse readability score."
    ),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks '
        "guide</a> for more information on how content metrics are calculated."
    ),
    gettext_noop("Issues found"),
    gettext_noop("Comment notifications"),
    gettext_noop("Locale: "),
    gettext_noop("Locking: "),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Page visibility: "),
    gettext_noop("Once live anyone can view"),
    gettext_noop("Not visible to the public"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Preview in new tab"),
    gettext_noop("Loading"),
    gettext_noop("Refreshing…"),
    gettext_noop("Refresh"),
    gettext_noop("Preview is out of date"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Preview mode"),
    gettext_noop("First published"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("You have <span>unsaved edits</span>"),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
    ),
    gettext_noop("One or more references to this %(model_name)s prevent it from being deleted."),
    gettext_noop("Toggle status"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times"),
    gettext_noop("Toggle comments"),
    gettext_noop("Comments"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle preview"),
    gettext_noop("Review this version"),
    gettext_noop("Compare with current version"),
    gettext_noop("Edit / Review"),
    gettext_noop("%(model_name)s '%(title)s' is now unlocked."),
    gettext_noop("%(model_name)s '%(object)s' has been scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' created and scheduled for publishing."),
    gettext_noop(
        "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."
    ),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("The %(model_name)s could not be saved as it is locked"),
    gettext_noop(
        "You are viewing a previous version of this %(model_name)s from "
        "<b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop("%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s."),
    gettext_noop("Version from %(timestamp)s of %(model_name)s '%(object)s' has been published."),
    gettext_noop(
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been "
        "scheduled for publishing."
    ),
    gettext_noop("Choose parent"),
    gettext_noop("Create a new %(model_name)s"),
    gettext_noop("Page '%(page_title)s' has been converted into an ordinary page."),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop(
        "Page '%(page_title)s' has been replaced with version from %(previous_revision_datetime)s."
    ),
    gettext_noop(
        "Version from %(previous_revision_datetime)s of page '%(page_title)s' "
        "has been scheduled for publishing."
    ),
    gettext_noop(
        "Page '%(page_title)s' is live and this version has been scheduled for publishing."
    ),
    gettext_noop("Version from %(datetime)s of page '%(page_title)s' has been published."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("Is commenting action"),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use at the selected parent page. "
        "Make sure the slug is unique and try again."
    ),
    gettext_noop(
        "You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop("Image is decorative"),
    gettext_noop("Please add some alt text for your image or mark it as decorative"),
    gettext_noop(
        "Not a valid .%(extension)s image. The extension does not match the file "
        "format (%(image_format)s)"
    ),
    gettext_noop(
        "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."
    ),
    gettext_noop("unknown number"),
    # Wagtail: Account page
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Use server time zone"),
    gettext_noop("More actions"),
    gettext_noop("Profile"),
    gettext_noop("Notifications"),
    gettext_noop("Name and Email"),
    gettext_noop("Profile picture"),
    gettext_noop("Theme preferences"),
    gettext_noop("Your account settings have been changed successfully!"),
    gettext_noop("updated comments notifications"),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or "
        "deleted on a page that you have subscribed to receive comment "
        "notifications on"
    ),
    gettext_noop("System default"),
    gettext_noop("Light"),
    gettext_noop("Dark"),
    gettext_noop("admin theme"),
    gettext_noop("More contrast"),
    gettext_noop("contrast"),
    gettext_noop("Snug"),
    gettext_noop("density"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("user profiles"),
    gettext_noop("Select all users in listing"),
    gettext_noop("Sorry, no users match your query"),
    gettext_noop("Copied to clipboard"),
    # Wagtail: Reports and history
    gettext_noop("timestamp (UTC)"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("system"),
    gettext_noop("model log entry"),
    gettext_noop("model log entries"),
    gettext_noop("locale"),
    gettext_noop("Approved"),
    gettext_noop("Rejected"),
    gettext_noop("Deleted"),
    gettext_noop("Published"),
    gettext_noop("Publish scheduled draft"),
    gettext_noop("Published scheduled draft"),
    gettext_noop("Unpublished"),
    gettext_noop("Unpublish scheduled draft"),
    gettext_noop("Unpublished scheduled draft"),
    gettext_noop("Rename"),
    gettext_noop("Renamed from '%(old)s' to '%(new)s'"),
    gettext_noop("Renamed"),
    gettext_noop("Revert"),
    gettext_noop("Reverted to previous revision with id %(revision_id)s from %(created_at)s"),
    gettext_noop("Reverted to previous revision"),
    gettext_noop("Copied from %(title)s"),
    gettext_noop("Copied"),
    gettext_noop("Moved from '%(old_parent)s' to '%(new_parent)s'"),
    gettext_noop("Moved"),
    gettext_noop("Reorder"),
    gettext_noop("Reordered under '%(parent)s'"),
    gettext_noop("Reordered"),
    gettext_noop("Schedule publication"),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s scheduled for publishing at %(go_live_at)s."
    ),
    gettext_noop("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s scheduled for publishing"),
    gettext_noop("Unschedule publication"),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s unscheduled from "
        "publishing at %(go_live_at)s."
    ),
    gettext_noop("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s unscheduled from publishing"),
    gettext_noop("Add view restrictions"),
    gettext_noop("Added the '%(restriction)s' view restriction"),
    gettext_noop("Added view restriction"),
    gettext_noop("Update view restrictions"),
    gettext_noop("Updated the view restriction to '%(restriction)s'"),
    gettext_noop("Updated view restriction"),
    gettext_noop("Remove view restrictions"),
    gettext_noop("Removed the '%(restriction)s' view restriction. The page is public."),
    gettext_noop("Removed view restriction"),
    gettext_noop('Added a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Added a comment"),
    gettext_noop("Edit comment"),
    gettext_noop('Edited a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Edited a comment"),
    gettext_noop("Delete comment"),
    gettext_noop('Deleted a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Deleted a comment"),
    gettext_noop("Resolve comment"),
    gettext_noop('Resolved a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Resolved a comment"),
    gettext_noop("Reply to comment"),
    gettext_noop('Replied to comment on field %(field)s: "%(text)s"'),
    gettext_noop("Replied to a comment"),
    gettext_noop("Edit reply to comment"),
    gettext_noop('Edited a reply to a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Edited a reply"),
    gettext_noop("Delete reply to comment"),
    gettext_noop('Deleted a reply to a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Deleted a reply"),
    gettext_noop("Last published"),
    gettext_noop("Last published by"),
    gettext_noop("No pages found."),
    gettext_noop("No pages match this report's criteria."),
    gettext_noop("App"),
    gettext_noop("Last edited page"),
    gettext_noop("Last edit"),
    gettext_noop("Locking status"),
    gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked at <b>%(locking_date)s</b>"),
    gettext_noop("No locked pages found."),
    gettext_noop("No page types found."),
    gettext_noop("Date / Time"),
    gettext_noop("No log entries found."),
    gettext_noop("Last published before"),
    gettext_noop("Last published at"),
    gettext_noop("ID"),
    gettext_noop("Action type"),
    gettext_noop("Date/Time"),
    gettext_noop("Locked by"),
    gettext_noop("Anyone"),
    # Wagtail: Images and documents
    gettext_noop("Format"),
    gettext_noop("Keep new image"),
    gettext_noop("Delete new image"),
    gettext_noop("Image focal point"),
    gettext_noop("Focal point"),
    gettext_noop("To define this image's most important region, drag a box over the image above."),
    gettext_noop("Sort by"),
    gettext_noop("Select all images in listing"),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("Image URL"),
    gettext_noop("Copy URL"),
    gettext_noop("Copying to clipboard failed"),
    gettext_noop(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of "
        "this existing image. You may delete it if it wasn't required."
    ),
    gettext_noop("Report this error to your website administrator with the following information:"),
    gettext_noop("Choose another image"),
    gettext_noop("Newest"),
    gettext_noop("Oldest"),
    gettext_noop("Title: (A -> Z)"),
    gettext_noop("Title: (Z -> A)"),
    gettext_noop("File size: (low to high)"),
    gettext_noop("File size: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Generate URL"),
    gettext_noop("The filter options you have selected are not valid."),
    gettext_noop("documents"),
    gettext_noop("Select all documents in listing"),
    gettext_noop(
        "Upload successful. Please update this document with a more appropriate "
        "title, if necessary. You may also delete the document completely if the "
        "upload wasn't required."
    ),
    gettext_noop("Document updated."),
    gettext_noop("The document could not be created due to errors."),
    gettext_noop("The file could not be found. Please change the source or delete the document."),
    # Wagtail: Snippets
    gettext_noop("Replace current revision"),
    gettext_noop("Select all snippets in listing"),
    gettext_noop("Instances"),
    # Wagtail and Django: more strings of the main admin screens
    gettext_noop("View history"),
    gettext_noop(
        "This publishing schedule will only take effect after you select the "
        '"Schedule to publish" option'
    ),
    gettext_noop("To be created by %(user)s"),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    gettext_noop("Go to Wagtail admin"),
    gettext_noop("pages"),
    gettext_noop("Application"),
]
