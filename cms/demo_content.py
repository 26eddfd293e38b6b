"""Demo training content: the programme "Visioning Camat dan Lurah" of BPSDM Provinsi DKI Jakarta.

Pure data, loaded into pages and the question bank by ``cms.demo.programme_demo_load``. Long texts
are written as wrapped triple-quoted strings; the helpers below collapse the wrapping, so the text
reads the same whatever the line breaks in this file.

Lesson bodies are lists of ``{"type": ..., "value": ...}`` dicts in the shape of
``cms.blocks.LessonStreamBlock``; rich text is HTML. The case scenarios happen in real kelurahan of
Jakarta, but the events in them are made up for learning.
"""

import datetime
import re

_BLOCK_TAG = re.compile(r"\s*(</?(?:p|h2|h3|ul|ol|li|blockquote)>)\s*")


def _t(text):
    """Plain text: the wrapping of the source collapsed to single spaces."""
    return " ".join(text.split())


def _lines(items):
    """Several plain-text lines, one per item (as in ModulePage.objectives)."""
    return "\n".join(_t(item) for item in items)


def _html(text):
    """Rich text: wrapping collapsed, and no stray spaces around block-level tags."""
    return _BLOCK_TAG.sub(r"\1", _t(text))


# Lesson blocks ------------------------------------------------------------------------------------


def text(html):
    return {"type": "text", "value": _html(html)}


def callout(kind, title, html):
    return {"type": "callout", "value": {"kind": kind, "title": _t(title), "text": _html(html)}}


def case_scenario(title, situation, prompts):
    return {
        "type": "case_scenario",
        "value": {
            "title": _t(title),
            "situation": _html(situation),
            "prompts": [_t(prompt) for prompt in prompts],
        },
    }


def reflection(question, guidance=""):
    return {"type": "reflection", "value": {"question": _t(question), "guidance": _t(guidance)}}


def knowledge_check(question, options, explanation):
    """``options``: (text, correct) pairs."""
    return {
        "type": "knowledge_check",
        "value": {
            "question": _t(question),
            "options": [{"text": _t(option), "correct": correct} for option, correct in options],
            "explanation": _t(explanation),
        },
    }


# Questions of the bank ----------------------------------------------------------------------------


def _question(kind, question, options, explanation):
    return {
        "kind": kind,
        "text": _t(question),
        "options": [(_t(option), correct) for option, correct in options],
        "explanation": _t(explanation),
    }


def single(question, options, explanation):
    """One correct option among (text, correct) pairs."""
    return _question("single", question, options, explanation)


def multiple(question, options, explanation):
    """Several correct options among (text, correct) pairs."""
    return _question("multiple", question, options, explanation)


def true_false(statement, answer, explanation):
    """A statement that is true (``answer`` True) or false; the options are Benar and Salah."""
    return _question(
        "true_false", statement, [("Benar", answer), ("Salah", not answer)], explanation
    )


# Competency areas ---------------------------------------------------------------------------------

COMPETENCY_AREAS = [
    {
        "name": "Kepemimpinan",
        "description": _t(
            """Kemampuan menggerakkan aparatur, mitra, dan warga untuk mewujudkan visi pelayanan
            di wilayah kecamatan dan kelurahan."""
        ),
    },
    {
        "name": "Mediasi",
        "description": _t(
            """Kemampuan memfasilitasi penyelesaian konflik antarwarga secara netral sehingga para
            pihak mencapai kesepakatan mereka sendiri."""
        ),
    },
    {
        "name": "Negosiasi",
        "description": _t(
            """Kemampuan merundingkan kepentingan wilayah dengan warga, pelaku usaha, dan instansi
            lain hingga tercapai kesepakatan yang adil dan dapat dilaksanakan."""
        ),
    },
    {
        "name": "Integritas dan Nilai BerAKHLAK",
        "description": _t(
            """Keteguhan bersikap jujur, menolak gratifikasi, mengelola konflik kepentingan, dan
            menerapkan nilai dasar ASN BerAKHLAK dalam pelayanan."""
        ),
    },
]

# The programme ------------------------------------------------------------------------------------

PROGRAMME = {
    "title": "Visioning Camat dan Lurah",
    "slug": "visioning-camat-dan-lurah",
    "intro": _t(
        """Pelatihan penyelarasan visi bagi camat, lurah, dan pimpinan wilayah di Provinsi DKI
        Jakarta, agar pelayanan di kecamatan dan kelurahan bergerak searah dengan visi Gubernur:
        wilayah yang siaga banjir dan kebakaran, bebas tawuran, bersih dari sampah, dan warganya
        berdaya."""
    ),
    "body": _html(
        """
        <h2>Latar belakang</h2>
        <p>Kecamatan dan kelurahan adalah tempat warga Jakarta paling sering bertemu dengan
        pemerintah. Di sanalah keluhan tentang genangan, kebakaran di permukiman padat, tawuran
        antarkampung, tumpukan sampah, dan kesulitan ekonomi keluarga pertama kali disampaikan.
        Visi Gubernur bagi Jakarta baru akan dirasakan warga bila camat dan lurah
        menerjemahkannya menjadi tindakan nyata di wilayah masing-masing.</p>
        <p>Pelatihan <strong>Visioning Camat dan Lurah</strong> diselenggarakan oleh Badan
        Pengembangan Sumber Daya Manusia (BPSDM) Provinsi DKI Jakarta untuk menyamakan arah,
        bahasa, dan cara kerja para pimpinan wilayah dalam lima urusan yang menjadi prioritas
        pelayanan: <strong>penanggulangan banjir, pencegahan kebakaran, pencegahan tawuran,
        pemberdayaan masyarakat, dan pengelolaan sampah</strong>.</p>
        <h2>Tujuan</h2>
        <p>Setelah mengikuti pelatihan ini, peserta diharapkan mampu:</p>
        <ul>
        <li>merumuskan visi dan prioritas kewilayahan yang selaras dengan visi Gubernur dan
        berakar pada data wilayahnya;</li>
        <li>memimpin dan menggerakkan RT, RW, LMK, FKDM, tiga pilar, serta mitra wilayah
        lainnya;</li>
        <li>memediasi konflik antarwarga secara netral dan menegosiasikan kepentingan wilayah
        dengan pelaku usaha dan instansi lain;</li>
        <li>menjaga integritas dan menerapkan nilai dasar ASN BerAKHLAK dalam setiap
        keputusan.</li>
        </ul>
        <h2>Peserta</h2>
        <p>Wali kota dan bupati, camat, dan lurah di lingkungan Pemerintah Provinsi DKI
        Jakarta.</p>
        <h2>Struktur dan metode</h2>
        <p>Pelatihan terdiri atas empat mata pelatihan dengan total 18 jam pelajaran (JP):
        Kepemimpinan (6 JP), Mediasi (4 JP), Negosiasi (4 JP), serta Integritas dan Nilai
        (4 JP). Setiap mata pelatihan diawali pretest, berisi materi, studi kasus, pertanyaan
        refleksi, dan uji pemahaman singkat, lalu ditutup dengan posttest. Modul Negosiasi baru
        terbuka setelah modul Mediasi diselesaikan.</p>
        <h2>Evaluasi dan sertifikat</h2>
        <p>Peserta dinyatakan lulus bila mencapai nilai minimal 70 pada posttest setiap mata
        pelatihan. Nilai akhir menentukan predikat kelulusan, dari <em>Sangat Memuaskan</em>
        sampai <em>Kurang</em>, dan peserta yang lulus menerima sertifikat yang ditandatangani
        Kepala BPSDM Provinsi DKI Jakarta.</p>
        """
    ),
    "organiser": "BPSDM Provinsi DKI Jakarta",
    "start_date": datetime.date(2019, 3, 4),
    "end_date": datetime.date(2019, 3, 29),
    "certificate_place": "Jakarta",
    # A fictional official. NIP: born 14 May 1968, CPNS from March 1994, male, sequence 002.
    "signer_name": "Dr. Arief Setiawan Nugroho, M.Si.",
    "signer_nip": "196805141994031002",
    "signer_title": "Kepala Badan Pengembangan Sumber Daya Manusia Provinsi DKI Jakarta",
    # (name, minimum final score), highest first, as in LAN's graduation predicates.
    "predicate_bands": [
        ("Sangat Memuaskan", "90.01"),
        ("Memuaskan", "80.01"),
        ("Baik", "70.01"),
        ("Cukup", "60.01"),
        ("Kurang", "0"),
    ],
}

# Module 1: Kepemimpinan ---------------------------------------------------------------------------

KEPEMIMPINAN_LESSONS = [
    {
        "title": "Pemimpin Wilayah dan Visi Pelayanan",
        "slug": "pemimpin-wilayah-dan-visi-pelayanan",
        "duration_minutes": 60,
        "summary": _t(
            """Peran camat dan lurah sebagai pemimpin wilayah, lima urusan prioritas pelayanan,
            dan cara menerjemahkan visi Gubernur menjadi visi serta prioritas kewilayahan."""
        ),
        "body": [
            text(
                """
                <h2>Dari administrator menjadi pemimpin wilayah</h2>
                <p>Camat dan lurah adalah wajah pertama Pemerintah Provinsi DKI Jakarta di mata
                warga. Ketika saluran tersumbat, ketika api melalap permukiman padat, atau ketika
                dua kelompok pemuda saling lempar batu di jembatan, warga tidak menghubungi dinas
                teknis lebih dulu: mereka mendatangi kantor kelurahan. Karena itu, jabatan camat
                dan lurah tidak cukup dijalankan sebagai pengelola surat-menyurat dan pelaksana
                program. Camat dan lurah adalah pemimpin wilayah yang menggerakkan aparatur, mitra,
                dan warga menuju tujuan bersama.</p>
                <p>Perbedaan keduanya tampak dalam cara bekerja sehari-hari:</p>
                <ul>
                <li><strong>Administrator</strong> menunggu disposisi, menjalankan program sesuai
                petunjuk teknis, dan melaporkan serapan anggaran.</li>
                <li><strong>Pemimpin wilayah</strong> mengenali masalah utama di wilayahnya,
                menetapkan prioritas, menggerakkan sumber daya di luar struktur kantornya, dan
                mengukur keberhasilan dari perubahan yang dirasakan warga.</li>
                </ul>
                <h2>Lima urusan yang menjadi ukuran</h2>
                <p>Penyelarasan visi dalam pelatihan ini berpusat pada lima urusan yang paling
                sering dikeluhkan warga dan paling menentukan mutu pelayanan di tingkat
                wilayah:</p>
                <ol>
                <li><strong>Banjir dan genangan</strong>: kesiapan saluran, pompa, dan warga
                sebelum musim hujan, serta kecepatan evakuasi ketika air naik.</li>
                <li><strong>Kebakaran</strong>: pencegahan di permukiman padat, kesiapan alat
                pemadam api ringan (APAR), dan relawan kebakaran di setiap RW.</li>
                <li><strong>Tawuran</strong>: deteksi dini, ruang kegiatan bagi remaja, dan kerja
                sama tiga pilar.</li>
                <li><strong>Pemberdayaan masyarakat</strong>: usaha warga, pelatihan keterampilan,
                dan keterlibatan warga dalam perencanaan pembangunan.</li>
                <li><strong>Sampah</strong>: pengurangan dari sumbernya, pemilahan di rumah
                tangga, bank sampah, dan saluran yang bebas sampah.</li>
                </ol>
                <h2>Menerjemahkan visi Gubernur menjadi visi kewilayahan</h2>
                <p>Visi Gubernur dirumuskan untuk seluruh provinsi, sehingga bahasanya umum. Tugas
                camat dan lurah adalah menerjemahkannya menjadi gambaran masa depan yang konkret
                bagi wilayahnya sendiri. Visi kewilayahan yang baik memenuhi empat syarat:</p>
                <ul>
                <li><strong>Berakar pada data wilayah</strong>: titik genangan, jumlah kejadian
                kebakaran, lokasi rawan tawuran, volume sampah, dan potensi usaha warga.</li>
                <li><strong>Selaras</strong> dengan arah kebijakan provinsi dan kota administrasi,
                sehingga dapat didukung anggaran dan program perangkat daerah.</li>
                <li><strong>Mudah diingat dan diucapkan</strong> oleh ketua RT, ketua RW, dan
                petugas lapangan.</li>
                <li><strong>Dapat diukur</strong> dengan beberapa indikator sederhana yang dipantau
                setiap bulan.</li>
                </ul>
                <h3>Dari visi ke prioritas</h3>
                <p>Visi belum cukup bila tidak diturunkan menjadi misi dan prioritas tahunan.
                Gunakan urutan berikut:</p>
                <ol>
                <li>Petakan masalah setiap RW bersama ketua RW dan LMK.</li>
                <li>Pilih tiga sampai lima masalah yang dampaknya paling besar bagi warga.</li>
                <li>Tetapkan target terukur untuk setiap masalah, misalnya <em>tidak ada genangan
                lebih dari enam jam di RW 05</em>.</li>
                <li>Tentukan penanggung jawab, sumber daya yang dipakai, dan jadwal
                pemantauannya.</li>
                <li>Sampaikan visi dan prioritas itu kepada warga melalui forum RW, media sosial
                kelurahan, dan papan informasi.</li>
                </ol>
                """
            ),
            callout(
                "tip",
                "Contoh rumusan visi kelurahan",
                """
                <p><em>"Kelurahan yang kering saat hujan, aman dari api, rukun antarwarga, bersih
                dari sampah, dengan warga yang berdaya."</em></p>
                <p>Rumusan ini pendek, menyebut hasil yang dirasakan warga, dan setiap frasanya
                dapat dikaitkan dengan indikator: lama genangan, jumlah kejadian kebakaran, jumlah
                kejadian tawuran, sampah yang dipilah, dan jumlah usaha warga yang tumbuh.</p>
                """,
            ),
            knowledge_check(
                """Manakah yang paling tepat dipakai sebagai indikator visi kewilayahan tentang
                banjir?""",
                [
                    ("Seluruh saluran di kelurahan dibersihkan setiap bulan.", False),
                    (
                        """Tidak ada genangan lebih dari enam jam di permukiman warga saat hujan
                        lebat.""",
                        True,
                    ),
                    ("Kelurahan menyelenggarakan dua kali apel siaga banjir setahun.", False),
                    ("Anggaran penanganan banjir terserap seluruhnya.", False),
                ],
                """Indikator visi mengukur hasil yang dirasakan warga, dalam hal ini lama genangan.
                Pembersihan saluran dan apel siaga adalah kegiatan untuk mencapai hasil itu,
                sedangkan serapan anggaran tidak menunjukkan apakah warga terbebas dari
                genangan.""",
            ),
            reflection(
                """Tuliskan rumusan visi kewilayahan untuk kecamatan atau kelurahan Anda dalam satu
                kalimat, lalu sebutkan tiga indikator yang akan Anda pantau setiap bulan.""",
                """Mulailah dari data: masalah apa yang paling sering dikeluhkan warga dalam enam
                bulan terakhir? Pastikan setiap indikator dapat dihitung tanpa survei yang mahal,
                misalnya dari laporan RT/RW, catatan petugas lapangan, atau kanal pengaduan
                warga.""",
            ),
        ],
    },
    {
        "title": "Kepemimpinan Adaptif",
        "slug": "kepemimpinan-adaptif",
        "duration_minutes": 60,
        "summary": _t(
            """Membedakan masalah teknis dari tantangan adaptif dan memimpin perubahan kebiasaan
            warga maupun aparatur, dengan contoh banjir, sampah, dan tawuran."""
        ),
        "body": [
            text(
                """
                <h2>Masalah teknis dan tantangan adaptif</h2>
                <p>Ronald Heifetz dari Harvard Kennedy School membedakan dua jenis persoalan yang
                dihadapi pemimpin. <strong>Masalah teknis</strong> sudah jelas rumusannya dan sudah
                ada cara penyelesaiannya: pompa yang rusak diperbaiki, saluran yang tersumbat
                dikeruk, APAR yang kedaluwarsa diisi ulang. Pemimpin cukup memastikan orang yang
                tepat bekerja dengan sumber daya yang memadai.</p>
                <p><strong>Tantangan adaptif</strong> berbeda: penyelesaiannya menuntut orang-orang
                yang terlibat mengubah kebiasaan, nilai, atau cara pandangnya sendiri. Saluran yang
                baru dikeruk akan tersumbat lagi bila warga tetap membuang sampah ke kali. Tawuran
                tidak selesai dengan patroli bila para remaja tidak memiliki ruang kegiatan,
                teladan, dan sumber kebanggaan lain. Tantangan seperti ini tidak dapat diselesaikan
                kantor kelurahan sendirian, sekeras apa pun aparaturnya bekerja.</p>
                <h3>Kesalahan yang paling sering terjadi</h3>
                <p>Kegagalan kepemimpinan yang paling umum adalah memperlakukan tantangan adaptif
                seolah-olah masalah teknis: menambah petugas, menambah alat, atau menerbitkan surat
                edaran, lalu heran mengapa masalah yang sama muncul lagi tahun berikutnya.</p>
                <h2>Prinsip memimpin secara adaptif</h2>
                <ol>
                <li><strong>Naik ke balkon.</strong> Ambil jarak dari kesibukan harian untuk
                melihat pola: di RW mana genangan selalu muncul, pada jam dan hari apa tawuran
                terjadi, siapa yang selalu hadir dan siapa yang tidak pernah hadir dalam rapat
                warga.</li>
                <li><strong>Kenali sisi adaptif dari masalah.</strong> Tanyakan kebiasaan siapa
                yang harus berubah agar masalah benar-benar selesai.</li>
                <li><strong>Atur tekanan.</strong> Perubahan menimbulkan rasa tidak nyaman. Jaga
                agar tekanan cukup untuk mendorong orang bergerak, tetapi tidak sampai membuat
                mereka menolak atau menyerah.</li>
                <li><strong>Jaga perhatian pada inti masalah.</strong> Warga dan aparatur cenderung
                mengalihkan pembicaraan ke hal yang lebih nyaman, misalnya menyalahkan pihak lain.
                Kembalikan diskusi ke pertanyaan utama.</li>
                <li><strong>Kembalikan pekerjaan kepada pemiliknya.</strong> Warga yang ikut
                merumuskan jalan keluar akan ikut menjaganya. Peran pemimpin adalah memfasilitasi,
                bukan mengambil alih semua pekerjaan.</li>
                <li><strong>Lindungi suara dari pinggiran.</strong> Kelompok yang jarang didengar,
                seperti pemuda, perempuan pelaku usaha rumahan, atau penghuni rumah kontrakan,
                sering melihat masalah yang tidak terlihat oleh pengurus lama.</li>
                </ol>
                <h2>Menerapkan di lima urusan prioritas</h2>
                <p>Hampir setiap urusan prioritas mengandung unsur teknis dan unsur adaptif
                sekaligus. Pengelolaan sampah, misalnya, memerlukan gerobak, jadwal angkut, dan
                tempat penampungan sementara (unsur teknis), tetapi juga kebiasaan memilah sampah
                di rumah dan kesediaan warga menegur tetangga yang membuang sampah ke saluran
                (unsur adaptif). Pemimpin yang efektif mengerjakan keduanya: memastikan sarana
                tersedia sambil membangun kesepakatan warga, misalnya melalui bank sampah yang
                dikelola PKK dan aturan bersama di tingkat RW.</p>
                """
            ),
            callout(
                "info",
                "Sumber konsep",
                """
                <p>Konsep kepemimpinan adaptif dikembangkan oleh Ronald Heifetz, antara lain dalam
                buku <em>Leadership Without Easy Answers</em> (1994) dan <em>The Practice of
                Adaptive Leadership</em> (2009) yang ditulisnya bersama Alexander Grashow dan Marty
                Linsky. Dalam pelatihan ini konsep tersebut diterapkan pada pemerintahan wilayah di
                DKI Jakarta.</p>
                """,
            ),
            case_scenario(
                "Genangan yang selalu kembali di Kelurahan Cipinang Melayu",
                """
                <p>Setiap musim hujan, tiga RW di bantaran kali di Kelurahan Cipinang Melayu,
                Kecamatan Makasar, Jakarta Timur, tergenang hingga setinggi pinggang orang dewasa.
                Tahun lalu kelurahan sudah mengerahkan PPSU untuk mengeruk saluran penghubung,
                suku dinas memperbaiki pompa, dan apel siaga digelar dua kali. Genangan tetap
                datang, dan surutnya makin lama.</p>
                <p>Dalam rapat evaluasi, ketua RW saling menyalahkan. Petugas PPSU melaporkan bahwa
                dua minggu setelah dikeruk, saluran sudah kembali penuh kasur bekas, styrofoam,
                dan kantong plastik. Sebagian warga menganggap banjir adalah urusan pemerintah
                sepenuhnya, sementara pengurus bank sampah mengeluh tidak ada yang mau menjadi
                nasabah. <em>(Kasus rekaan untuk pembelajaran.)</em></p>
                """,
                [
                    """Bagian mana dari persoalan ini yang merupakan masalah teknis, dan bagian mana
                    yang merupakan tantangan adaptif?""",
                    """Kebiasaan siapa saja yang harus berubah agar genangan tidak kembali tahun
                    depan?""",
                    """Apa yang akan Anda lakukan dalam 30 hari pertama untuk mengembalikan
                    pekerjaan kepada warga tanpa melepaskan tanggung jawab kelurahan?""",
                ],
            ),
            knowledge_check(
                "Manakah yang termasuk tantangan adaptif? Pilih semua yang benar.",
                [
                    ("Mengganti mesin pompa air yang rusak.", False),
                    ("Mengubah kebiasaan warga membuang sampah ke saluran.", True),
                    ("Menumbuhkan kebanggaan remaja di luar kelompok tawuran.", True),
                    ("Mengisi ulang APAR yang sudah kedaluwarsa.", False),
                ],
                """Mengganti pompa dan mengisi ulang APAR adalah masalah teknis: caranya sudah
                diketahui dan cukup dikerjakan oleh petugas yang tepat. Kebiasaan membuang sampah
                dan kebanggaan kelompok remaja hanya berubah bila orang-orang yang terlibat ikut
                mengubah cara pandang dan perilakunya.""",
            ),
            reflection(
                """Ceritakan satu persoalan di wilayah Anda yang selama ini ditangani sebagai
                masalah teknis tetapi terus berulang. Apa sisi adaptifnya, dan siapa yang perlu
                dilibatkan?""",
                """Perhatikan siapa yang selama ini absen dari pembahasan persoalan tersebut. Sering
                kali merekalah yang kebiasaannya perlu berubah, atau yang memegang kunci jalan
                keluarnya.""",
            ),
        ],
    },
    {
        "title": "Koordinasi Wilayah dan Musrenbang",
        "slug": "koordinasi-wilayah-dan-musrenbang",
        "duration_minutes": 60,
        "summary": _t(
            """Menggerakkan RT, RW, LMK, FKDM, tiga pilar, dan mitra wilayah lainnya melalui
            koordinasi yang menghasilkan tindakan, serta memimpin Musrenbang yang bermutu."""
        ),
        "body": [
            text(
                """
                <h2>Peta mitra wilayah</h2>
                <p>Kantor kelurahan hanya memiliki segelintir pegawai, sedangkan warganya dapat
                mencapai puluhan ribu jiwa. Camat dan lurah hanya dapat bekerja efektif bila mampu
                menggerakkan jejaring mitra di wilayahnya:</p>
                <ul>
                <li><strong>Rukun Tetangga (RT) dan Rukun Warga (RW)</strong>: lembaga
                kemasyarakatan yang paling dekat dengan warga, sumber data, dan penggerak kegiatan
                sehari-hari.</li>
                <li><strong>Lembaga Musyawarah Kelurahan (LMK)</strong>: wadah aspirasi warga di
                tingkat kelurahan yang khas DKI Jakarta, mitra lurah dalam perencanaan dan
                pengawasan pembangunan.</li>
                <li><strong>Forum Kewaspadaan Dini Masyarakat (FKDM)</strong>: mendeteksi dan
                melaporkan secara dini potensi ancaman ketenteraman, termasuk gejala tawuran dan
                konflik sosial.</li>
                <li><strong>Tiga pilar</strong>: lurah, Bhabinkamtibmas dari Polri, dan Babinsa
                dari TNI, yang bersama-sama menjaga keamanan dan ketertiban wilayah.</li>
                <li><strong>PKK, Karang Taruna, dan Jumantik</strong>: penggerak kesejahteraan
                keluarga, kegiatan pemuda, dan pemberantasan sarang nyamuk.</li>
                <li><strong>Petugas Prasarana dan Sarana Umum (PPSU)</strong>: tenaga lapangan
                kelurahan untuk kebersihan, saluran, dan perbaikan ringan.</li>
                <li><strong>Suku dinas dan unit teknis</strong>: antara lain sumber daya air,
                lingkungan hidup, penanggulangan kebakaran dan penyelamatan, serta Satpol PP.</li>
                </ul>
                <h2>Koordinasi yang menghasilkan tindakan</h2>
                <p>Rapat koordinasi sering berakhir dengan kesimpulan umum tanpa tindak lanjut.
                Agar koordinasi menghasilkan tindakan, biasakan hal-hal berikut:</p>
                <ol>
                <li><strong>Jadwal tetap.</strong> Rapat tiga pilar bersama ketua RW diadakan
                secara rutin, misalnya setiap dua minggu, bukan hanya ketika ada kejadian.</li>
                <li><strong>Agenda berbasis data.</strong> Setiap rapat dibuka dengan data terbaru:
                laporan warga, titik genangan, kejadian kebakaran, dan potensi gangguan
                ketertiban.</li>
                <li><strong>Keputusan yang jelas.</strong> Setiap keputusan dicatat bersama
                penanggung jawab dan tenggat waktunya.</li>
                <li><strong>Tindak lanjut yang terbuka.</strong> Rapat berikutnya dimulai dengan
                memeriksa pelaksanaan keputusan rapat sebelumnya.</li>
                <li><strong>Saluran cepat.</strong> Grup pesan singkat dengan ketua RW dan mitra
                dipakai untuk peringatan dini, bukan untuk menggantikan keputusan rapat.</li>
                </ol>
                <h2>Musrenbang: memimpin perencanaan dari bawah</h2>
                <p>Musyawarah Perencanaan Pembangunan (Musrenbang) adalah forum perencanaan yang
                diamanatkan Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan
                Pembangunan Nasional. Di DKI Jakarta, usulan warga dihimpun mulai dari rembuk RW,
                lalu dibahas berjenjang dalam Musrenbang kelurahan, kecamatan, dan kota
                administrasi sebelum masuk ke perencanaan provinsi.</p>
                <p>Lurah dan camat sangat menentukan mutu Musrenbang. Peran mereka antara lain:</p>
                <ul>
                <li>memastikan setiap usulan didukung data dan menjawab masalah prioritas wilayah,
                bukan sekadar daftar keinginan;</li>
                <li>mengajak kelompok yang jarang bersuara, seperti perempuan, pemuda, penyandang
                disabilitas, dan pelaku usaha kecil;</li>
                <li>menjelaskan secara jujur usulan mana yang dapat ditampung, mana yang menjadi
                kewenangan instansi lain, dan mana yang belum dapat dipenuhi beserta
                alasannya;</li>
                <li>melaporkan kembali kepada warga nasib usulan tahun sebelumnya agar kepercayaan
                terhadap forum tetap terjaga.</li>
                </ul>
                """
            ),
            callout(
                "warning",
                "Jangan hanya hadir saat kejadian",
                """
                <p>Kepercayaan mitra wilayah dibangun pada hari-hari biasa. Lurah yang baru muncul
                ketika banjir atau tawuran sudah terjadi akan kesulitan menggerakkan warga, karena
                jejaring koordinasinya belum pernah diuji.</p>
                """,
            ),
            case_scenario(
                "Kebakaran dini hari di permukiman padat Kelurahan Tambora",
                """
                <p>Pukul 02.30, api muncul dari sebuah rumah kontrakan dua lantai di RW 03
                Kelurahan Tambora, Jakarta Barat. Gang menuju lokasi hanya selebar satu meter,
                sehingga mobil pemadam tertahan di jalan utama sekitar 150 meter dari titik api.
                Relawan kebakaran RW sudah bergerak dengan dua APAR, tetapi satu di antaranya
                ternyata kosong. Warga panik, sebagian menyelamatkan barang dan menghalangi jalur
                selang, dan di media sosial beredar kabar bahwa api berasal dari korsleting
                gardu listrik.</p>
                <p>Lurah ditelepon ketua RW dan tiba di lokasi lima belas menit kemudian.
                <em>(Kasus rekaan untuk pembelajaran.)</em></p>
                """,
                [
                    """Siapa saja yang harus Anda hubungi dalam lima belas menit pertama, dan dalam
                    urutan apa?""",
                    """Bagaimana Anda membagi peran antara pengurus RT/RW, relawan kebakaran, tiga
                    pilar, dan PPSU di lokasi?""",
                    "Bagaimana Anda menanggapi kabar tentang penyebab kebakaran yang belum pasti?",
                    """Apa yang akan Anda usulkan dalam rembuk RW dan Musrenbang berikutnya agar
                    risiko kebakaran di RW tersebut berkurang?""",
                ],
            ),
            knowledge_check(
                """Forum apa yang secara khusus berperan mendeteksi dan melaporkan secara dini
                potensi gangguan ketenteraman, termasuk gejala tawuran?""",
                [
                    ("Lembaga Musyawarah Kelurahan (LMK)", False),
                    ("Forum Kewaspadaan Dini Masyarakat (FKDM)", True),
                    ("Tim Penggerak PKK", False),
                    ("Karang Taruna", False),
                ],
                """FKDM dibentuk untuk kewaspadaan dini: menghimpun dan meneruskan informasi tentang
                potensi ancaman ketenteraman. LMK menampung aspirasi pembangunan, PKK menggerakkan
                kesejahteraan keluarga, dan Karang Taruna mewadahi kegiatan pemuda.""",
            ),
            reflection(
                """Siapa tiga mitra di wilayah Anda yang paling jarang dilibatkan, padahal perannya
                penting? Apa langkah pertama Anda untuk melibatkan mereka bulan ini?""",
                """Gunakan peta mitra wilayah dalam materi ini sebagai daftar periksa. Langkah
                pertama yang baik bersifat konkret, misalnya mengundang mereka ke rapat
                koordinasi berikutnya dengan peran yang jelas.""",
            ),
        ],
    },
    {
        "title": "Memimpin Saat Krisis",
        "slug": "memimpin-saat-krisis",
        "duration_minutes": 45,
        "summary": _t(
            """Kepemimpinan sebelum, saat, dan sesudah banjir, kebakaran, atau tawuran: kesiapan,
            satu komando, komunikasi krisis, dan evaluasi setelah kejadian."""
        ),
        "body": [
            text(
                """
                <h2>Tiga fase kepemimpinan krisis</h2>
                <p>Banjir, kebakaran, dan tawuran menguji kepemimpinan wilayah dalam hitungan
                menit. Mutu penanganan saat kejadian hampir selalu ditentukan oleh apa yang sudah
                dikerjakan sebelumnya.</p>
                <h3>Sebelum kejadian: kesiapsiagaan</h3>
                <ul>
                <li>Peta risiko per RW: titik genangan, permukiman padat yang sulit dijangkau
                mobil pemadam, dan lokasi yang sering menjadi tempat berkumpul sebelum
                tawuran.</li>
                <li>Data warga rentan: lansia, penyandang disabilitas, ibu hamil, dan balita,
                lengkap dengan alamatnya.</li>
                <li>Daftar kontak darurat yang diperbarui setiap bulan, lokasi posko, dan tempat
                pengungsian sementara.</li>
                <li>Pemeriksaan rutin pompa, pintu air, APAR, dan hidran, serta simulasi bersama
                warga dan relawan.</li>
                </ul>
                <h3>Saat kejadian: tanggap darurat</h3>
                <ul>
                <li>Hadir di lokasi dan tetapkan satu komando yang jelas di lapangan.</li>
                <li>Utamakan keselamatan jiwa, dimulai dari kelompok rentan.</li>
                <li>Berikan informasi yang akurat dan berkala kepada warga dari satu sumber
                resmi.</li>
                <li>Catat kejadian, keputusan, dan kebutuhan sejak awal sebagai dasar pelaporan dan
                bantuan.</li>
                </ul>
                <h3>Sesudah kejadian: pemulihan dan evaluasi</h3>
                <p>Setelah keadaan pulih, lakukan <em>after action review</em> bersama semua pihak
                yang terlibat. Tinjauan ini menjawab empat pertanyaan: apa yang semula
                direncanakan, apa yang sebenarnya terjadi, mengapa keduanya berbeda, dan apa yang
                akan dipertahankan serta diperbaiki. Tujuannya belajar, bukan mencari siapa yang
                bersalah; bila petugas takut disalahkan, mereka akan menyembunyikan masalah yang
                justru perlu diperbaiki.</p>
                <h2>Komunikasi saat krisis</h2>
                <p>Dalam krisis, kabar bohong menyebar lebih cepat daripada air dan api. Pegang
                empat prinsip berikut:</p>
                <ol>
                <li><strong>Cepat</strong>: sampaikan informasi awal walaupun belum lengkap, lalu
                perbarui secara berkala.</li>
                <li><strong>Akurat</strong>: sampaikan hanya yang sudah dipastikan, dan jangan
                menduga-duga penyebab kejadian.</li>
                <li><strong>Berempati</strong>: akui kesulitan warga sebelum menjelaskan langkah
                pemerintah.</li>
                <li><strong>Konsisten</strong>: satu sumber informasi resmi agar warga tidak
                menerima pesan yang saling bertentangan.</li>
                </ol>
                """
            ),
            callout(
                "tip",
                "Kelompok rentan lebih dulu",
                """
                <p>Minta setiap ketua RT menyimpan daftar warga rentan di lingkungannya beserta
                nama tetangga yang bertugas membantu mereka saat evakuasi. Perbarui daftar itu
                sebelum musim hujan dan setelah ada warga pindah datang atau pindah keluar.</p>
                """,
            ),
            knowledge_check(
                """Pertanyaan manakah yang termasuk dalam after action review setelah
                banjir? Pilih semua yang benar.""",
                [
                    ("Apa yang semula kita rencanakan?", True),
                    ("Apa yang sebenarnya terjadi di lapangan?", True),
                    ("Petugas mana yang harus diberi sanksi?", False),
                    ("Apa yang akan kita pertahankan dan apa yang akan kita perbaiki?", True),
                ],
                """After action review bertujuan belajar dari kejadian. Mencari petugas untuk
                diberi sanksi bukan bagian dari tinjauan ini; pelanggaran disiplin, bila ada,
                ditangani melalui mekanisme tersendiri.""",
            ),
            reflection(
                """Bayangkan banjir besar melanda wilayah Anda malam ini. Apakah Anda tahu di mana
                warga lansia dan penyandang disabilitas tinggal? Apa yang perlu disiapkan minggu
                ini?""",
                """Jawab dengan jujur, lalu tuliskan tiga langkah yang dapat selesai dalam tujuh
                hari, lengkap dengan siapa yang mengerjakannya.""",
            ),
        ],
    },
]

KEPEMIMPINAN_QUESTIONS = [
    single(
        "Apa yang paling membedakan pemimpin wilayah dari seorang administrator?",
        [
            ("Menyelesaikan seluruh disposisi pimpinan tepat waktu.", False),
            (
                """Mengukur keberhasilan dari perubahan yang dirasakan warga dan menggerakkan
                sumber daya di luar struktur kantornya.""",
                True,
            ),
            ("Menyerap seluruh anggaran kelurahan sebelum akhir tahun.", False),
            ("Menghadiri semua undangan acara warga.", False),
        ],
        """Pemimpin wilayah menetapkan prioritas berdasarkan masalah nyata, menggerakkan mitra
        dan warga, serta mengukur hasil dari perubahan yang dirasakan warga. Disposisi, serapan
        anggaran, dan kehadiran di acara bukan ukuran hasil.""",
    ),
    multiple(
        "Manakah syarat visi kewilayahan yang baik? Pilih semua yang benar.",
        [
            ("Berakar pada data wilayah.", True),
            ("Selaras dengan arah kebijakan provinsi dan kota administrasi.", True),
            ("Dapat diukur dengan beberapa indikator sederhana.", True),
            ("Disusun lurah sendiri tanpa melibatkan warga agar cepat selesai.", False),
            ("Memuat sebanyak mungkin program dinas agar terlihat lengkap.", False),
        ],
        """Visi kewilayahan yang baik berakar pada data, selaras dengan kebijakan provinsi dan
        kota, mudah diingat, dan dapat diukur. Visi yang disusun tanpa warga atau berisi daftar
        program tidak akan menggerakkan siapa pun.""",
    ),
    single(
        "Menurut Ronald Heifetz, tantangan adaptif adalah persoalan yang …",
        [
            (
                """penyelesaiannya menuntut orang-orang yang terlibat mengubah kebiasaan, nilai,
                atau cara pandangnya sendiri.""",
                True,
            ),
            ("cukup diselesaikan oleh ahli dengan alat dan anggaran yang memadai.", False),
            ("hanya muncul pada saat terjadi bencana.", False),
            ("sepenuhnya menjadi kewenangan pemerintah pusat.", False),
        ],
        """Tantangan adaptif tidak dapat diselesaikan dengan keahlian teknis saja; orang-orang
        yang terlibat harus ikut berubah. Persoalan yang cukup diselesaikan ahli dengan alat yang
        memadai adalah masalah teknis.""",
    ),
    true_false(
        """Menambah jumlah petugas dan menerbitkan surat edaran sudah cukup untuk menyelesaikan
        tantangan adaptif seperti kebiasaan warga membuang sampah ke saluran.""",
        False,
        """Salah. Itu adalah kesalahan kepemimpinan yang paling umum: memperlakukan tantangan
        adaptif seolah-olah masalah teknis. Kebiasaan warga baru berubah bila warga sendiri ikut
        merumuskan dan menjaga jalan keluarnya.""",
    ),
    single(
        "Apa yang dimaksud dengan prinsip “naik ke balkon” dalam kepemimpinan adaptif?",
        [
            ("Memimpin rapat dari kursi pimpinan agar tampak berwibawa.", False),
            (
                "Mengambil jarak dari kesibukan harian untuk melihat pola persoalan secara utuh.",
                True,
            ),
            ("Menyerahkan persoalan yang sulit kepada atasan.", False),
            ("Memantau wilayah hanya melalui laporan tertulis.", False),
        ],
        """Naik ke balkon berarti sejenak keluar dari kesibukan untuk melihat pola, misalnya di
        RW mana genangan selalu muncul atau kapan tawuran biasa terjadi, lalu kembali bertindak
        dengan pemahaman yang lebih utuh.""",
    ),
    multiple(
        "Siapa saja yang termasuk tiga pilar di tingkat kelurahan? Pilih semua yang benar.",
        [
            ("Lurah", True),
            ("Bhabinkamtibmas", True),
            ("Babinsa", True),
            ("Ketua LMK", False),
            ("Ketua Karang Taruna", False),
        ],
        """Tiga pilar terdiri atas lurah, Bhabinkamtibmas dari Polri, dan Babinsa dari TNI, yang
        bersama-sama menjaga keamanan dan ketertiban wilayah. LMK dan Karang Taruna adalah mitra
        penting, tetapi bukan bagian dari tiga pilar.""",
    ),
    single(
        "Musrenbang sebagai forum perencanaan pembangunan diamanatkan oleh …",
        [
            ("Undang-Undang Nomor 5 Tahun 2014 tentang Aparatur Sipil Negara.", False),
            (
                """Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan
                Nasional.""",
                True,
            ),
            ("Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan.", False),
            (
                "Undang-Undang Nomor 20 Tahun 2001 tentang Pemberantasan Tindak Pidana Korupsi.",
                False,
            ),
        ],
        """Musrenbang diamanatkan Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan
        Pembangunan Nasional sebagai forum antarpelaku untuk menyusun rencana pembangunan.""",
    ),
    true_false(
        "Di DKI Jakarta, usulan warga untuk Musrenbang dihimpun mulai dari rembuk RW.",
        True,
        """Benar. Usulan warga dihimpun dalam rembuk RW, lalu dibahas berjenjang dalam
        Musrenbang kelurahan, kecamatan, dan kota administrasi.""",
    ),
    multiple(
        """Kebiasaan manakah yang membuat rapat koordinasi wilayah menghasilkan tindakan? Pilih
        semua yang benar.""",
        [
            ("Setiap keputusan dicatat bersama penanggung jawab dan tenggat waktunya.", True),
            ("Rapat dibuka dengan data terbaru dari wilayah.", True),
            ("Rapat berikutnya dimulai dengan memeriksa keputusan rapat sebelumnya.", True),
            ("Rapat hanya diadakan ketika sudah terjadi kejadian menonjol.", False),
        ],
        """Koordinasi yang efektif dijadwalkan secara tetap, berbasis data, mencatat keputusan
        beserta penanggung jawab dan tenggatnya, serta memeriksa tindak lanjutnya. Rapat yang
        hanya digelar setelah kejadian membuat jejaring tidak pernah siap.""",
    ),
    single(
        "Ketika banjir melanda, siapa yang harus didahulukan dalam evakuasi?",
        [
            ("Warga yang pertama kali melapor ke kelurahan.", False),
            ("Lansia, penyandang disabilitas, ibu hamil, dan balita.", True),
            ("Pemilik rumah di tepi jalan utama.", False),
            ("Pengurus RT dan RW agar dapat segera berkoordinasi.", False),
        ],
        """Keselamatan jiwa diutamakan, dimulai dari kelompok rentan: lansia, penyandang
        disabilitas, ibu hamil, dan balita. Karena itu data dan alamat warga rentan perlu
        disiapkan sebelum musim hujan.""",
    ),
    true_false(
        """After action review setelah tanggap darurat bertujuan menemukan petugas yang bersalah
        untuk diberi sanksi.""",
        False,
        """Salah. After action review bertujuan belajar: membandingkan rencana dengan kenyataan,
        memahami penyebab perbedaannya, dan menentukan apa yang dipertahankan serta
        diperbaiki.""",
    ),
]

# Module 2: Mediasi --------------------------------------------------------------------------------

MEDIASI_LESSONS = [
    {
        "title": "Konflik Warga dan Peran Mediator",
        "slug": "konflik-warga-dan-peran-mediator",
        "duration_minutes": 45,
        "summary": _t(
            """Sumber-sumber konflik warga, pengertian dan prinsip mediasi, serta batas peran
            camat dan lurah sebagai mediator."""
        ),
        "body": [
            text(
                """
                <h2>Konflik sebagai bagian dari kehidupan kota</h2>
                <p>Di kota sepadat Jakarta, gesekan antarwarga tidak terhindarkan: rebutan lahan
                parkir di gang, batas tanah dan tembok rumah, suara musik hajatan, saluran air yang
                dialihkan tetangga, hingga dendam lama antarkampung yang meletup menjadi tawuran.
                Konflik tidak selalu buruk. Yang menentukan adalah cara penyelesaiannya: konflik
                yang dikelola dengan baik dapat memperbaiki aturan bersama, sedangkan konflik yang
                dibiarkan akan membesar dan berulang.</p>
                <h3>Lima sumber konflik</h3>
                <p>Christopher W. Moore dalam <em>The Mediation Process</em> memetakan sumber
                konflik ke dalam lima kelompok. Mengenali sumbernya membantu memilih cara
                penanganan yang tepat:</p>
                <ul>
                <li><strong>Data</strong>: informasi yang kurang, keliru, atau ditafsirkan
                berbeda.</li>
                <li><strong>Kepentingan</strong>: kebutuhan yang dirasa saling bersaing, misalnya
                atas ruang, uang, atau waktu.</li>
                <li><strong>Struktural</strong>: ketimpangan kewenangan atau sumber daya, serta
                batas wilayah dan aturan yang tidak jelas.</li>
                <li><strong>Nilai</strong>: perbedaan keyakinan tentang apa yang benar dan
                pantas.</li>
                <li><strong>Hubungan</strong>: prasangka, emosi yang kuat, dan komunikasi yang
                buruk.</li>
                </ul>
                <h2>Apa itu mediasi</h2>
                <p>Mediasi adalah proses penyelesaian sengketa dengan bantuan pihak ketiga yang
                netral, yaitu mediator, yang <strong>tidak berwenang memutus</strong>. Mediator
                membantu para pihak berkomunikasi, memahami kepentingan masing-masing, dan
                menemukan jalan keluar. Kesepakatan yang dihasilkan adalah milik para pihak
                sendiri, sehingga lebih mungkin dijalankan daripada keputusan yang dipaksakan.</p>
                <h2>Prinsip mediasi</h2>
                <ol>
                <li><strong>Sukarela</strong>: para pihak hadir dan bersepakat atas kemauan sendiri
                serta boleh menghentikan proses.</li>
                <li><strong>Netral dan tidak memihak</strong>: mediator tidak berpihak dan tidak
                memiliki kepentingan atas hasilnya.</li>
                <li><strong>Rahasia</strong>: apa yang dibicarakan dalam mediasi tidak disebarkan
                keluar tanpa persetujuan para pihak.</li>
                <li><strong>Penentuan oleh para pihak</strong>: isi kesepakatan ditentukan para
                pihak, bukan oleh mediator.</li>
                <li><strong>Itikad baik</strong>: para pihak bersungguh-sungguh mencari
                penyelesaian.</li>
                </ol>
                <h3>Kapan camat atau lurah tidak boleh menjadi mediator</h3>
                <ul>
                <li>Bila ia memiliki kepentingan pribadi atau hubungan keluarga dengan salah satu
                pihak.</li>
                <li>Bila kantor kecamatan atau kelurahan sendiri menjadi salah satu pihak dalam
                sengketa.</li>
                <li>Bila perkaranya adalah tindak pidana yang harus ditangani aparat penegak
                hukum.</li>
                </ul>
                <p>Dalam keadaan seperti itu, mintalah pejabat lain yang netral, misalnya lurah
                tetangga atau camat, untuk menjadi mediator.</p>
                """
            ),
            callout(
                "warning",
                "Mediasi tidak menggantikan proses pidana",
                """
                <p>Perkara pidana, misalnya penganiayaan yang menimbulkan luka berat dalam tawuran,
                tetap ditangani kepolisian. Mediasi di tingkat wilayah dapat membantu memulihkan
                hubungan antarwarga, tetapi tidak boleh dipakai untuk menutupi tindak pidana atau
                menekan korban agar mencabut laporannya.</p>
                """,
            ),
            knowledge_check(
                "Apa yang membedakan seorang mediator dari seorang hakim?",
                [
                    (
                        """Mediator tidak berwenang memutus; kesepakatan dibuat oleh para pihak
                        sendiri.""",
                        True,
                    ),
                    ("Mediator boleh menjatuhkan sanksi ringan kepada pihak yang keliru.", False),
                    ("Mediator selalu berpihak kepada warga yang lebih lemah.", False),
                    ("Keputusan mediator bersifat final dan mengikat.", False),
                ],
                """Hakim memutus perkara, sedangkan mediator membantu para pihak mencapai
                kesepakatan mereka sendiri. Mediator tidak menjatuhkan sanksi dan tidak berpihak;
                ia menjaga agar prosesnya adil bagi semua pihak.""",
            ),
            reflection(
                """Ingat satu konflik warga yang pernah Anda tangani. Dari lima sumber konflik,
                apa sumber utamanya? Apakah cara penanganan waktu itu menyentuh sumber
                tersebut?""",
                """Konflik yang tampak sebagai soal kepentingan, misalnya rebutan lahan parkir,
                sering diperparah oleh sumber hubungan atau data. Tuliskan juga apa yang akan Anda
                lakukan secara berbeda sekarang.""",
            ),
        ],
    },
    {
        "title": "Tahapan dan Teknik Mediasi",
        "slug": "tahapan-dan-teknik-mediasi",
        "duration_minutes": 60,
        "summary": _t(
            """Tahapan mediasi dari persiapan hingga tindak lanjut, teknik mendengar aktif,
            membingkai ulang, dan kaukus, dengan contoh sengketa lahan parkir di gang."""
        ),
        "body": [
            text(
                """
                <h2>Tahapan mediasi</h2>
                <p>Mediasi yang baik berjalan melalui tahapan yang jelas. Melompati tahapan demi
                cepat selesai biasanya menghasilkan kesepakatan yang rapuh.</p>
                <ol>
                <li><strong>Persiapan.</strong> Kenali para pihak, pokok sengketa, dan riwayatnya.
                Pastikan siapa yang berwenang mengambil keputusan di setiap pihak, pilih tempat
                yang netral dan aman, serta tentukan waktu yang tidak memberatkan.</li>
                <li><strong>Pembukaan.</strong> Mediator memperkenalkan diri, menjelaskan perannya
                sebagai pihak netral yang tidak memutus, dan menyepakati aturan dasar bersama para
                pihak.</li>
                <li><strong>Penyampaian cerita.</strong> Setiap pihak menyampaikan pandangannya
                secara bergantian tanpa dipotong. Mediator mendengarkan dan merangkum.</li>
                <li><strong>Identifikasi isu dan kepentingan.</strong> Mediator memilah pokok-pokok
                yang perlu diselesaikan dan menggali kebutuhan di balik tuntutan para pihak.</li>
                <li><strong>Kaukus bila diperlukan.</strong> Pertemuan terpisah dengan
                masing-masing pihak untuk meredakan emosi, menggali kepentingan yang belum
                terungkap, atau menguji usulan secara realistis.</li>
                <li><strong>Mencari pilihan penyelesaian.</strong> Para pihak diajak menyusun
                sebanyak mungkin pilihan sebelum menilainya.</li>
                <li><strong>Kesepakatan dan penutupan.</strong> Kesepakatan dituliskan secara
                spesifik: siapa melakukan apa, kapan, dan bagaimana pelaksanaannya dipantau. Para
                pihak menandatanganinya, dengan saksi bila perlu.</li>
                <li><strong>Tindak lanjut.</strong> Mediator atau pengurus wilayah memantau
                pelaksanaan kesepakatan dan mempertemukan kembali para pihak bila ada
                kendala.</li>
                </ol>
                <h2>Teknik kunci</h2>
                <h3>Mendengar aktif</h3>
                <p>Mendengar aktif menunjukkan bahwa setiap pihak benar-benar didengar. Tekniknya
                antara lain <strong>parafrase</strong> (mengulang inti pernyataan dengan kata-kata
                sendiri), <strong>merangkum</strong>, dan mengajukan <strong>pertanyaan
                terbuka</strong> seperti <em>"Apa yang paling Bapak khawatirkan?"</em></p>
                <h3>Membingkai ulang</h3>
                <p>Membingkai ulang (<em>reframing</em>) mengubah tuduhan atau tuntutan menjadi
                kebutuhan yang dapat dibicarakan tanpa mengubah maknanya. Contoh: pernyataan
                <em>"Dia sengaja menutup jalan saya!"</em> dibingkai ulang menjadi <em>"Jadi Bapak
                membutuhkan akses keluar-masuk rumah yang tidak terhalang."</em></p>
                <h3>Kaukus</h3>
                <p>Dalam kaukus, mediator bertemu dengan satu pihak saja. Apa yang disampaikan
                dalam kaukus bersifat rahasia dan hanya boleh diteruskan kepada pihak lain dengan
                izin pihak yang menyampaikannya. Kaukus harus ditawarkan secara seimbang agar tidak
                menimbulkan kesan mediator berpihak.</p>
                """
            ),
            callout(
                "tip",
                "Contoh aturan dasar mediasi",
                """
                <ul>
                <li>Berbicara bergantian dan tidak memotong pembicaraan.</li>
                <li>Tidak ada makian, ancaman, atau kekerasan.</li>
                <li>Apa yang dibicarakan tetap di ruangan ini.</li>
                <li>Telepon genggam dalam mode senyap dan tidak ada perekaman.</li>
                <li>Setiap pihak boleh meminta waktu jeda atau pertemuan terpisah.</li>
                </ul>
                """,
            ),
            case_scenario(
                "Sengketa lahan parkir di Kelurahan Kebon Kacang",
                """
                <p>Sejak tiga bulan lalu, sebuah warung makan baru di mulut gang RT 07 Kelurahan
                Kebon Kacang, Kecamatan Tanah Abang, Jakarta Pusat, ramai pembeli. Pelanggannya
                memarkir mobil dan sepeda motor di jalan lingkungan, sehingga warga sulit
                keluar-masuk. Pekan lalu sebuah ambulans yang menjemput warga lansia tertahan
                hampir sepuluh menit.</p>
                <p>Sebagian warga menuduh pemilik warung <em>"merampas jalan kami"</em> dan
                mengancam memasang portal. Pemilik warung, yang juga warga RT 07, merasa usahanya
                dihalangi dan menyebut bahwa warga sendiri sudah lama memarkir motor di sepanjang
                gang. Ketua RT meminta lurah turun tangan. <em>(Kasus rekaan untuk
                pembelajaran.)</em></p>
                """,
                [
                    """Siapa saja yang perlu diundang dalam mediasi, dan di mana sebaiknya
                    pertemuan diadakan?""",
                    """Bagaimana Anda membingkai ulang tuduhan "warung itu merampas jalan kami"
                    menjadi kepentingan yang dapat dibicarakan?""",
                    "Kapan kaukus diperlukan dalam kasus ini, dan dengan pihak mana?",
                    """Apa isi minimal kesepakatan tertulis agar pelaksanaannya dapat
                    dipantau?""",
                ],
            ),
            knowledge_check(
                """Seorang warga berkata, "Tetangga saya memang tidak tahu diri, motornya selalu
                menutup pagar rumah saya!" Manakah tanggapan mediator yang merupakan contoh
                membingkai ulang?""",
                [
                    (
                        """“Jadi Bapak membutuhkan pagar rumah yang selalu dapat dibuka tanpa
                        terhalang kendaraan.”""",
                        True,
                    ),
                    ("“Bapak jangan bicara kasar seperti itu.”", False),
                    ("“Tetangga Bapak memang keterlaluan.”", False),
                    ("“Nanti saya minta Satpol PP menderek motornya.”", False),
                ],
                """Membingkai ulang mengubah tuduhan menjadi kebutuhan yang dapat dibicarakan
                tanpa memihak. Menegur, membenarkan tuduhan, atau menjanjikan penindakan membuat
                mediator kehilangan netralitasnya.""",
            ),
            reflection(
                """Tahap mediasi mana yang paling sering Anda lewati karena ingin cepat selesai?
                Apa akibatnya terhadap kesepakatan yang dihasilkan?""",
                """Banyak mediasi di tingkat wilayah langsung melompat ke pencarian solusi sebelum
                kepentingan para pihak tergali, atau berhenti di kesepakatan lisan tanpa tindak
                lanjut.""",
            ),
        ],
    },
    {
        "title": "Mediasi Pascatawuran Antarkampung",
        "slug": "mediasi-pascatawuran-antarkampung",
        "duration_minutes": 60,
        "summary": _t(
            """Memutus siklus tawuran antarkampung melalui mediasi yang melibatkan tiga pilar,
            tokoh masyarakat, pemuda, dan orang tua, dengan kesepakatan yang dapat dipantau."""
        ),
        "body": [
            text(
                """
                <h2>Tawuran sebagai konflik yang berulang</h2>
                <p>Tawuran antarkampung jarang berdiri sendiri. Akarnya bisa berupa dendam lama,
                batas wilayah yang diperebutkan, persaingan kelompok pemuda, hingga saling ejek di
                media sosial. Setiap kejadian menambah luka baru yang menjadi alasan untuk
                tawuran berikutnya. Karena itu, mediasi pascatawuran bertujuan memutus siklus
                tersebut, bukan sekadar menggelar acara ikrar damai yang dilupakan sebulan
                kemudian.</p>
                <h2>Langkah mediasi pascatawuran</h2>
                <ol>
                <li><strong>Amankan lebih dulu.</strong> Bersama Bhabinkamtibmas dan Babinsa,
                pastikan keadaan aman. Proses hukum terhadap pelaku kekerasan tetap berjalan dan
                tidak dinegosiasikan.</li>
                <li><strong>Petakan para pihak.</strong> Siapa tokoh pemuda yang berpengaruh,
                orang tua, ketua RT/RW, tokoh agama, pemilik warung tempat berkumpul, dan pengelola
                akun media sosial kampung?</li>
                <li><strong>Temui setiap kampung secara terpisah.</strong> Dengarkan cerita,
                kekhawatiran, dan syarat masing-masing pihak sebelum mereka dipertemukan.</li>
                <li><strong>Pertemuan bersama di tempat netral.</strong> Misalnya di kantor
                kecamatan atau rumah ibadah yang diterima kedua pihak, dengan aturan dasar yang
                jelas.</li>
                <li><strong>Susun kesepakatan yang konkret.</strong> Misalnya saluran komunikasi
                cepat antarketua RW, larangan saling provokasi di media sosial, kegiatan bersama
                yang terjadwal, dan ruang kegiatan bagi remaja.</li>
                <li><strong>Pantau bersama FKDM dan tiga pilar.</strong> Tetapkan siapa yang
                memantau dan kapan para pihak bertemu kembali.</li>
                </ol>
                <h3>Menjaga netralitas</h3>
                <p>Lurah yang wilayahnya mencakup kedua kampung harus memperlakukan keduanya secara
                setara: waktu pertemuan, tempat, dan kesempatan berbicara. Bila kedua kampung
                berada di kelurahan yang berbeda, camat dapat memimpin mediasi bersama kedua lurah
                agar tidak ada pihak yang merasa dirugikan. Apa pun yang disampaikan dalam
                pertemuan terpisah tidak boleh diteruskan tanpa izin.</p>
                """
            ),
            case_scenario(
                "Tawuran di perbatasan dua RW Kelurahan Kampung Rawa",
                """
                <p>Dalam satu bulan terjadi tiga kali tawuran antara kelompok pemuda RW 01 dan
                RW 04 Kelurahan Kampung Rawa, Kecamatan Johar Baru, Jakarta Pusat. Pemicunya
                unggahan saling ejek di media sosial setelah pertandingan sepak bola antarkampung.
                Pada kejadian terakhir, seorang pelajar berusia 16 tahun terluka di kepala dan
                dirawat di rumah sakit; polisi telah memeriksa beberapa orang.</p>
                <p>Warga RW 04 memasang portal di perbatasan, para orang tua saling menyalahkan,
                dan pedagang di jalan perbatasan mengeluh omzetnya turun tajam. Ketua kedua RW
                bersedia bertemu, tetapi menolak datang ke wilayah RW lainnya. <em>(Kasus rekaan
                untuk pembelajaran.)</em></p>
                """,
                [
                    "Apa saja sumber konflik dalam kasus ini menurut lima sumber konflik?",
                    """Siapa yang perlu Anda temui secara terpisah sebelum pertemuan bersama, dan
                    apa yang ingin Anda ketahui dari mereka?""",
                    """Di mana pertemuan bersama sebaiknya diadakan, dan siapa yang sebaiknya
                    memimpinnya?""",
                    """Rumuskan tiga butir kesepakatan yang konkret dan dapat dipantau oleh FKDM
                    dan tiga pilar.""",
                ],
            ),
            callout(
                "info",
                "Kegiatan bersama yang terjadwal",
                """
                <p>Kegiatan bersama seperti liga futsal antar-RW, kerja bakti di perbatasan, atau
                pelatihan keterampilan untuk pemuda kedua kampung memberi ruang untuk membangun
                hubungan baru. Agar berhasil, panitianya berasal dari kedua kampung dan jadwalnya
                tercantum dalam kesepakatan.</p>
                """,
            ),
            knowledge_check(
                """Manakah butir kesepakatan pascatawuran yang dapat dipantau? Pilih semua yang
                benar.""",
                [
                    (
                        """Ketua RW kedua kampung saling memberi kabar dalam satu jam bila melihat
                        tanda-tanda provokasi.""",
                        True,
                    ),
                    ("Kedua kampung berjanji untuk saling menghormati.", False),
                    (
                        """Liga futsal bersama setiap Minggu pagi selama tiga bulan dengan panitia
                        dari kedua RW.""",
                        True,
                    ),
                    ("Semua pihak sepakat melupakan masa lalu.", False),
                ],
                """Butir yang dapat dipantau menyebut siapa, melakukan apa, dan kapan. Janji umum
                seperti saling menghormati atau melupakan masa lalu baik niatnya, tetapi tidak
                dapat diperiksa pelaksanaannya.""",
            ),
            reflection(
                """Jika dua kampung yang bertikai berada di kelurahan yang berbeda, bagaimana
                pembagian peran antara Anda, lurah tetangga, dan camat agar netralitas tetap
                terjaga?""",
                """Pikirkan siapa yang akan dianggap netral oleh kedua pihak, siapa yang memimpin
                pertemuan bersama, dan bagaimana informasi dari pertemuan terpisah dijaga
                kerahasiaannya.""",
            ),
        ],
    },
]

MEDIASI_QUESTIONS = [
    single(
        "Mediasi adalah …",
        [
            (
                """proses penyelesaian sengketa dengan bantuan pihak ketiga yang netral dan tidak
                berwenang memutus.""",
                True,
            ),
            ("proses pemutusan sengketa oleh lurah sebagai pejabat wilayah.", False),
            ("proses penegakan peraturan daerah oleh Satpol PP.", False),
            ("pengambilan keputusan dengan suara terbanyak dalam rapat warga.", False),
        ],
        """Dalam mediasi, pihak ketiga yang netral membantu para pihak mencapai kesepakatan
        mereka sendiri. Mediator tidak memutus sengketa.""",
    ),
    multiple(
        "Manakah yang merupakan prinsip mediasi? Pilih semua yang benar.",
        [
            ("Sukarela", True),
            ("Rahasia", True),
            ("Netral dan tidak memihak", True),
            ("Mediator menentukan isi kesepakatan", False),
            ("Pihak yang pendukungnya lebih banyak didahulukan", False),
        ],
        """Prinsip mediasi meliputi kesukarelaan, netralitas, kerahasiaan, penentuan oleh para
        pihak, dan itikad baik. Isi kesepakatan ditentukan para pihak, bukan oleh mediator, dan
        jumlah pendukung tidak menentukan apa pun.""",
    ),
    true_false(
        """Seorang lurah sebaiknya tidak menjadi mediator dalam sengketa yang melibatkan
        kerabatnya sendiri.""",
        True,
        """Benar. Hubungan keluarga dengan salah satu pihak membuat lurah tidak netral. Mintalah
        pejabat lain yang netral, misalnya lurah tetangga atau camat, untuk menjadi mediator.""",
    ),
    true_false(
        """Mediasi di tingkat kelurahan boleh dipakai untuk mendorong korban penganiayaan berat
        mencabut laporannya ke polisi.""",
        False,
        """Salah. Perkara pidana tetap ditangani aparat penegak hukum. Mediasi dapat memulihkan
        hubungan antarwarga, tetapi tidak boleh dipakai untuk menutupi tindak pidana atau menekan
        korban.""",
    ),
    single(
        """Pada tahap mana mediator menjelaskan perannya sebagai pihak netral dan menyepakati
        aturan dasar bersama para pihak?""",
        [
            ("Persiapan", False),
            ("Pembukaan", True),
            ("Kaukus", False),
            ("Kesepakatan dan penutupan", False),
        ],
        """Pada tahap pembukaan, mediator memperkenalkan diri, menjelaskan bahwa ia tidak
        memutus, dan menyepakati aturan dasar seperti berbicara bergantian dan menjaga
        kerahasiaan.""",
    ),
    single(
        "Dalam mediasi, kaukus adalah …",
        [
            ("pertemuan terpisah antara mediator dan salah satu pihak.", True),
            ("rapat seluruh warga RW untuk memutus sengketa.", False),
            ("penandatanganan kesepakatan di hadapan saksi.", False),
            ("pemanggilan para pihak oleh Satpol PP.", False),
        ],
        """Kaukus adalah pertemuan terpisah mediator dengan satu pihak, misalnya untuk meredakan
        emosi atau menggali kepentingan yang belum terungkap.""",
    ),
    true_false(
        """Informasi yang disampaikan salah satu pihak dalam kaukus boleh diteruskan kepada pihak
        lain tanpa izinnya bila hal itu mempercepat kesepakatan.""",
        False,
        """Salah. Isi kaukus bersifat rahasia dan hanya boleh diteruskan dengan izin pihak yang
        menyampaikannya. Melanggarnya merusak kepercayaan kepada mediator.""",
    ),
    single(
        """Dalam sengketa lahan parkir, warga berkata, "Warung itu merampas jalan kami!"
        Bingkai ulang yang paling tepat adalah …""",
        [
            (
                """“Warga membutuhkan jalan lingkungan yang tetap dapat dilalui, termasuk oleh
                ambulans.”""",
                True,
            ),
            ("“Warung itu memang melanggar dan harus ditutup.”", False),
            ("“Bapak-bapak jangan emosi dulu.”", False),
            ("“Masalah parkir bukan urusan kelurahan.”", False),
        ],
        """Membingkai ulang mengubah tuduhan menjadi kebutuhan yang dapat dibicarakan tanpa
        memihak. Pilihan lain memihak, meremehkan perasaan warga, atau menolak membantu.""",
    ),
    single(
        """Teknik mendengar aktif berupa mengulang inti pernyataan salah satu pihak dengan
        kata-kata mediator sendiri disebut …""",
        [
            ("parafrase", True),
            ("kaukus", False),
            ("BATNA", False),
            ("ajudikasi", False),
        ],
        """Parafrase menunjukkan bahwa mediator memahami pernyataan pihak tersebut dan memberi
        kesempatan untuk meluruskan bila ada salah paham.""",
    ),
    multiple(
        "Manakah ciri kesepakatan mediasi tertulis yang baik? Pilih semua yang benar.",
        [
            ("Menyebut siapa melakukan apa dan kapan.", True),
            ("Ditandatangani para pihak.", True),
            ("Memuat cara memantau pelaksanaannya.", True),
            ("Memakai rumusan umum seperti “saling menghormati” agar mudah disetujui.", False),
        ],
        """Kesepakatan yang baik spesifik, ditandatangani, dan dapat dipantau. Rumusan umum
        mudah disetujui, tetapi tidak dapat diperiksa pelaksanaannya.""",
    ),
    multiple(
        "Manakah langkah yang tepat setelah terjadi tawuran antarkampung? Pilih semua yang benar.",
        [
            (
                """Memastikan keamanan bersama tiga pilar, sementara proses hukum terhadap pelaku
                kekerasan tetap berjalan.""",
                True,
            ),
            ("Menemui setiap kampung secara terpisah sebelum pertemuan bersama.", True),
            ("Menggelar ikrar damai secepatnya tanpa pertemuan lanjutan.", False),
            ("Melibatkan FKDM untuk memantau tanda-tanda provokasi.", True),
        ],
        """Mediasi pascatawuran dimulai dari keamanan, dilanjutkan pertemuan terpisah dan
        pertemuan bersama, lalu dipantau bersama FKDM dan tiga pilar. Ikrar damai tanpa tindak
        lanjut tidak memutus siklus tawuran.""",
    ),
]

# Module 3: Negosiasi ------------------------------------------------------------------------------

NEGOSIASI_LESSONS = [
    {
        "title": "Negosiasi Berprinsip: Kepentingan, Bukan Posisi",
        "slug": "negosiasi-berprinsip",
        "duration_minutes": 60,
        "summary": _t(
            """Empat prinsip negosiasi berprinsip dan cara menggali kepentingan di balik posisi
            yang dinyatakan warga, pedagang, atau pelaku usaha."""
        ),
        "body": [
            text(
                """
                <h2>Camat dan lurah selalu bernegosiasi</h2>
                <p>Hampir setiap hari camat dan lurah berunding: dengan warga yang menolak
                penataan, dengan pengembang yang proyeknya berdampak pada lingkungan, dengan
                pedagang kaki lima, dengan suku dinas yang anggarannya terbatas, bahkan dengan
                kelurahan tetangga tentang saluran yang melintasi batas wilayah. Berbeda dengan
                mediasi, dalam negosiasi lurah <strong>bukan pihak netral</strong>: ia adalah
                salah satu pihak yang membawa kepentingan publik.</p>
                <h2>Empat prinsip negosiasi berprinsip</h2>
                <p>Roger Fisher dan William Ury dari Harvard Negotiation Project, dalam buku
                <em>Getting to Yes</em> (1981), merumuskan empat prinsip yang hingga kini menjadi
                rujukan:</p>
                <ol>
                <li><strong>Pisahkan orang dari masalahnya.</strong> Bersikap lunak terhadap
                orangnya dan tegas terhadap masalahnya. Jaga hubungan, karena lurah akan bertemu
                pihak yang sama berkali-kali.</li>
                <li><strong>Fokus pada kepentingan, bukan posisi.</strong> Posisi adalah apa yang
                dinyatakan seseorang; kepentingan adalah alasan mengapa ia menginginkannya.</li>
                <li><strong>Ciptakan pilihan yang saling menguntungkan.</strong> Kumpulkan berbagai
                pilihan sebelum memutuskan, jangan terpaku pada satu jalan keluar.</li>
                <li><strong>Gunakan kriteria objektif.</strong> Sandarkan kesepakatan pada ukuran
                yang adil dan dapat diperiksa, bukan pada siapa yang paling keras suaranya.</li>
                </ol>
                <h3>Posisi dan kepentingan: contoh penataan pedagang kaki lima</h3>
                <ul>
                <li><strong>Posisi pedagang:</strong> <em>"Kami tidak mau pindah dari trotoar
                ini."</em> <strong>Kepentingannya:</strong> dekat dengan arus pembeli, penghasilan
                harian yang tidak terputus, biaya tempat yang terjangkau, dan kepastian tidak
                digusur lagi.</li>
                <li><strong>Posisi kelurahan:</strong> <em>"Trotoar harus bebas dari
                pedagang."</em> <strong>Kepentingannya:</strong> pejalan kaki yang aman,
                ketertiban, saluran yang tidak tersumbat sampah dagangan, dan citra kawasan.</li>
                </ul>
                <p>Posisi keduanya bertentangan, tetapi kepentingannya tidak selalu demikian.
                Lokasi dagang di dekat arus pembeli yang tidak mengganggu pejalan kaki dapat
                memenuhi kepentingan kedua pihak. Untuk menggali kepentingan, tanyakan
                <em>"Mengapa hal itu penting bagi Bapak/Ibu?"</em> dan <em>"Apa yang Bapak/Ibu
                khawatirkan bila usulan ini dijalankan?"</em></p>
                """
            ),
            callout(
                "info",
                "Negosiasi atau mediasi?",
                """
                <p>Dalam mediasi, lurah berdiri di tengah sebagai pihak netral. Dalam negosiasi,
                lurah adalah salah satu pihak yang membawa kepentingan publik. Keterampilannya
                mirip, yaitu mendengar aktif, membingkai ulang, dan menggali kepentingan, tetapi
                perannya berbeda. Nyatakan dengan jelas peran Anda sejak awal pertemuan. Itulah
                sebabnya modul ini baru terbuka setelah modul Mediasi diselesaikan.</p>
                """,
            ),
            knowledge_check(
                """Seorang pedagang kaki lima berkata, "Kami tidak akan pindah dari trotoar ini."
                Manakah yang merupakan kepentingan di balik posisi tersebut? Pilih semua yang
                benar.""",
                [
                    ("Tetap dekat dengan arus pembeli.", True),
                    ("Penghasilan harian yang tidak terputus.", True),
                    ("Tidak mau pindah dari trotoar.", False),
                    ("Biaya tempat berdagang yang terjangkau.", True),
                ],
                """“Tidak mau pindah dari trotoar” adalah posisi, yaitu apa yang dinyatakan.
                Kepentingannya adalah alasan di balik posisi itu: pembeli, penghasilan, dan biaya.
                Kepentingan inilah yang membuka ruang bagi pilihan lain.""",
            ),
            reflection(
                """Ingat satu perundingan yang buntu di wilayah Anda. Apa posisi masing-masing
                pihak, dan apa kepentingan yang mungkin tersembunyi di baliknya?""",
                """Tuliskan posisi dan kepentingan dalam dua kolom. Periksa apakah ada kepentingan
                yang sebenarnya sejalan, walaupun posisinya bertentangan.""",
            ),
        ],
    },
    {
        "title": "Menyiapkan Negosiasi: BATNA dan Kriteria Objektif",
        "slug": "batna-dan-kriteria-objektif",
        "duration_minutes": 45,
        "summary": _t(
            """Persiapan negosiasi: BATNA, batas kesepakatan, zona kemungkinan kesepakatan,
            kriteria objektif, dan batas kewenangan camat serta lurah."""
        ),
        "body": [
            text(
                """
                <h2>Persiapan menentukan hasil</h2>
                <p>Sebagian besar hasil negosiasi ditentukan sebelum pertemuan dimulai. Pihak yang
                tahu apa yang akan dilakukannya bila perundingan gagal akan berunding dengan
                tenang; pihak yang tidak tahu mudah tertekan untuk menerima kesepakatan yang
                merugikan.</p>
                <h3>BATNA</h3>
                <p><strong>BATNA</strong> (<em>Best Alternative to a Negotiated Agreement</em>)
                adalah alternatif terbaik yang dapat Anda ambil bila perundingan tidak menghasilkan
                kesepakatan. Setiap tawaran diukur terhadap BATNA: tawaran yang lebih buruk
                daripada BATNA sebaiknya ditolak. Dari konsep ini lahir tiga kebiasaan
                persiapan:</p>
                <ul>
                <li>Kenali BATNA Anda dan perkuat sebelum berunding, misalnya dengan menyiapkan
                lokasi binaan alternatif atau memastikan dukungan suku dinas.</li>
                <li>Perkirakan BATNA pihak lain. Semakin lemah BATNA mereka, semakin besar
                kepentingan mereka untuk bersepakat.</li>
                <li>Jangan mengungkapkan BATNA sebagai ancaman. BATNA adalah pegangan Anda, bukan
                senjata untuk menekan.</li>
                </ul>
                <h3>Batas kesepakatan dan zona kemungkinan kesepakatan</h3>
                <p>Batas kesepakatan adalah titik terendah yang masih dapat Anda terima. Bila ada
                rentang hasil yang berada di antara batas kesepakatan kedua pihak, rentang itu
                disebut zona kemungkinan kesepakatan (<em>ZOPA, zone of possible
                agreement</em>). Tugas perunding adalah menemukan kesepakatan di dalam zona itu
                yang paling memenuhi kepentingan bersama.</p>
                <h3>Kriteria objektif</h3>
                <p>Kriteria objektif membuat kesepakatan dapat dipertanggungjawabkan, baik kepada
                pimpinan maupun kepada warga. Contohnya:</p>
                <ul>
                <li>peraturan, misalnya Peraturan Daerah Provinsi DKI Jakarta Nomor 8 Tahun 2007
                tentang Ketertiban Umum;</li>
                <li>standar teknis dari suku dinas, misalnya kapasitas saluran atau lebar jalur
                pejalan kaki;</li>
                <li>harga atau tarif pasar di kawasan sekitar;</li>
                <li>preseden, yaitu penyelesaian serupa di kelurahan lain;</li>
                <li>hasil kajian atau pendapat ahli yang diterima kedua pihak.</li>
                </ul>
                <h3>Batas kewenangan</h3>
                <p>Lurah tidak boleh menjanjikan sesuatu di luar kewenangannya, misalnya izin yang
                diterbitkan instansi lain atau anggaran milik dinas. Pastikan sejak awal keputusan
                mana yang dapat Anda ambil sendiri, mana yang memerlukan persetujuan camat atau
                wali kota, dan mana yang harus dikoordinasikan dengan instansi teknis.</p>
                <h2>Lembar persiapan negosiasi</h2>
                <ol>
                <li>Tujuan yang ingin dicapai.</li>
                <li>Kepentingan kita dan kepentingan pihak lain.</li>
                <li>BATNA kita dan perkiraan BATNA pihak lain.</li>
                <li>Batas kesepakatan kita.</li>
                <li>Pilihan penyelesaian yang mungkin.</li>
                <li>Kriteria objektif yang dapat dipakai.</li>
                <li>Batas kewenangan dan siapa yang memutus bila melampauinya.</li>
                </ol>
                """
            ),
            callout(
                "warning",
                "BATNA bukan ancaman",
                """
                <p>Mengatakan <em>"Kalau tidak mau, kami tertibkan saja"</em> sejak awal
                perundingan akan memancing perlawanan dan merusak hubungan. Simpan BATNA sebagai
                pegangan untuk menilai tawaran. Bila perlu menyampaikannya, sampaikan sebagai
                informasi tentang konsekuensi, bukan sebagai gertakan.</p>
                """,
            ),
            knowledge_check(
                "Apa yang dimaksud dengan BATNA?",
                [
                    (
                        """Alternatif terbaik yang dapat diambil bila perundingan tidak
                        menghasilkan kesepakatan.""",
                        True,
                    ),
                    ("Tawaran pertama yang diajukan dalam perundingan.", False),
                    ("Batas waktu perundingan.", False),
                    ("Kesepakatan akhir yang ditandatangani para pihak.", False),
                ],
                """BATNA adalah singkatan dari Best Alternative to a Negotiated Agreement. BATNA
                menjadi tolok ukur untuk menilai apakah sebuah tawaran layak diterima.""",
            ),
            reflection(
                """Pilih satu perundingan yang akan Anda hadapi dalam waktu dekat. Apa BATNA Anda,
                apa perkiraan BATNA pihak lain, dan kriteria objektif apa yang dapat Anda
                pakai?""",
                """Gunakan lembar persiapan negosiasi dalam materi ini. Bila BATNA Anda lemah,
                tuliskan langkah untuk memperkuatnya sebelum pertemuan.""",
            ),
        ],
    },
    {
        "title": "Berunding dengan Pengembang dan Pedagang Kaki Lima",
        "slug": "berunding-dengan-pengembang-dan-pkl",
        "duration_minutes": 60,
        "summary": _t(
            """Penerapan negosiasi berprinsip dalam dua perundingan yang sering dihadapi lurah:
            dampak proyek pengembang terhadap warga dan penataan pedagang kaki lima."""
        ),
        "body": [
            text(
                """
                <h2>Berunding dengan pengembang</h2>
                <p>Proyek pembangunan gedung atau perumahan sering berdampak langsung pada warga
                sekitar: saluran air yang tertimbun, genangan baru karena lahan diuruk, debu,
                kebisingan, truk material yang melintas di jalan lingkungan, dan retaknya rumah
                warga. Lurah tidak menerbitkan izin, tetapi berperan penting menjembatani warga
                dengan pengembang dan instansi teknis.</p>
                <p>Hal-hal yang perlu dijaga dalam perundingan dengan pengembang:</p>
                <ul>
                <li><strong>Kumpulkan data lebih dulu.</strong> Catat lokasi dan lamanya genangan,
                foto kerusakan, serta keluhan warga per RT, dan mintalah suku dinas teknis menilai
                dampaknya.</li>
                <li><strong>Rujuk kewajiban yang sudah ada.</strong> Kewajiban pengembang terkait
                saluran, resapan, dan keselamatan lingkungan tercantum dalam perizinannya;
                mintalah instansi penerbit izin untuk memeriksanya.</li>
                <li><strong>Libatkan perwakilan warga.</strong> Kesepakatan yang dibuat tanpa warga
                akan dicurigai, sebaik apa pun isinya.</li>
                <li><strong>Tuliskan kesepakatan.</strong> Cantumkan pekerjaan, tenggat waktu,
                penanggung jawab, dan cara pemantauannya, lalu sampaikan kepada warga.</li>
                <li><strong>Jaga integritas.</strong> Jangan menerima pemberian apa pun dari
                pengembang untuk diri sendiri atau pengurus wilayah. Kompensasi bagi warga yang
                terdampak disalurkan secara terbuka dan tercatat, bukan melalui rekening
                pribadi.</li>
                </ul>
                <h2>Berunding dengan pedagang kaki lima</h2>
                <p>Penataan pedagang kaki lima (PKL) yang hanya mengandalkan penertiban biasanya
                berulang: pedagang kembali beberapa minggu kemudian karena kepentingan mereka tidak
                terjawab. Negosiasi berprinsip menawarkan jalan yang lebih tahan lama:</p>
                <ol>
                <li>Data pedagang: nama, jenis dagangan, jam berdagang, asal tempat tinggal, dan
                lama berdagang.</li>
                <li>Gali kepentingan pedagang, pejalan kaki, pemilik toko, dan warga sekitar.</li>
                <li>Susun pilihan bersama, misalnya lokasi binaan yang dekat dengan arus pembeli,
                pengaturan jam dagang agar trotoar lapang pada jam sibuk, kerja sama dengan pemilik
                gedung yang memiliki lahan kosong, dan pembinaan usaha.</li>
                <li>Pakai kriteria objektif: Perda Ketertiban Umum, lebar jalur pejalan kaki yang
                harus tetap bebas, dan kapasitas lokasi binaan.</li>
                <li>Libatkan suku dinas yang membidangi usaha mikro dan Satpol PP sejak awal, agar
                janji yang dibuat dapat dipenuhi.</li>
                </ol>
                """
            ),
            case_scenario(
                "Proyek apartemen dan genangan baru di Kelurahan Duri Kepa",
                """
                <p>Sebuah pengembang membangun apartemen di Kelurahan Duri Kepa, Kecamatan Kebon
                Jeruk, Jakarta Barat. Sejak lahan proyek diuruk, genangan di RW 08 yang dulu surut
                dalam dua jam kini bertahan hingga sehari semalam. Warga menduga saluran penghubung
                di sisi proyek tertimbun, lalu mengancam memblokir jalan masuk truk proyek.</p>
                <p>Manajer proyek menemui lurah dan meminta bantuan "menenangkan warga". Ia
                menawarkan dana kerohiman yang akan "dibagikan lewat kelurahan", serta bingkisan
                untuk para ketua RT dan RW menjelang Lebaran. Proyek sedang dikejar tenggat serah
                terima unit kepada pembeli. <em>(Kasus rekaan untuk pembelajaran.)</em></p>
                """,
                [
                    "Apa kepentingan warga, pengembang, dan kelurahan dalam kasus ini?",
                    """Apa BATNA masing-masing pihak, dan pihak mana yang paling membutuhkan
                    kesepakatan segera?""",
                    """Kriteria objektif apa yang dapat dipakai untuk menilai kewajiban pengembang
                    terhadap saluran air?""",
                    """Bagaimana Anda menanggapi tawaran dana kerohiman dan bingkisan untuk
                    pengurus wilayah?""",
                ],
            ),
            knowledge_check(
                """Dalam perundingan dengan pengembang, tindakan manakah yang tepat bagi lurah?
                Pilih semua yang benar.""",
                [
                    (
                        "Mencatat kesepakatan secara tertulis dan menyampaikannya kepada warga.",
                        True,
                    ),
                    ("Meminta suku dinas teknis menilai dampak proyek terhadap saluran.", True),
                    ("Menjanjikan kemudahan izin agar pengembang mau memperbaiki saluran.", False),
                    ("Menerima dana kerohiman ke rekening pribadi untuk dibagikan nanti.", False),
                ],
                """Lurah tidak berwenang atas izin, sehingga tidak boleh menjanjikannya; menukar
                kewenangan dengan imbalan juga berisiko penyalahgunaan wewenang. Dana untuk warga
                harus disalurkan secara terbuka dan tercatat, tidak melalui rekening pribadi.""",
            ),
            reflection(
                """Bagaimana Anda memastikan warga percaya bahwa kesepakatan dengan pengembang
                atau pedagang dibuat untuk kepentingan mereka, bukan untuk kepentingan pihak
                tertentu?""",
                """Pertimbangkan siapa yang hadir dalam perundingan, bagaimana hasilnya diumumkan,
                dan bagaimana warga dapat ikut memantau pelaksanaannya.""",
            ),
        ],
    },
]

NEGOSIASI_QUESTIONS = [
    multiple(
        """Manakah yang termasuk empat prinsip negosiasi berprinsip menurut Fisher dan Ury? Pilih
        semua yang benar.""",
        [
            ("Memisahkan orang dari masalahnya.", True),
            ("Berfokus pada kepentingan, bukan posisi.", True),
            ("Menciptakan pilihan yang saling menguntungkan.", True),
            ("Menggunakan kriteria objektif.", True),
            ("Bertahan pada tawaran pertama sampai pihak lain mengalah.", False),
        ],
        """Keempat prinsip dalam Getting to Yes adalah memisahkan orang dari masalah, berfokus
        pada kepentingan, menciptakan pilihan yang saling menguntungkan, dan menggunakan kriteria
        objektif. Bertahan pada tawaran pertama adalah ciri tawar-menawar posisi.""",
    ),
    single(
        "Pernyataan manakah yang merupakan posisi, bukan kepentingan?",
        [
            ("“Kami tidak mau pindah dari trotoar ini.”", True),
            ("Pedagang membutuhkan penghasilan harian yang stabil.", False),
            ("Pejalan kaki membutuhkan trotoar yang aman.", False),
            ("Warga membutuhkan saluran yang tidak meluap.", False),
        ],
        """Posisi adalah apa yang dinyatakan atau dituntut seseorang. Kepentingan adalah
        kebutuhan di balik tuntutan itu, seperti penghasilan, keamanan, atau saluran yang
        lancar.""",
    ),
    single(
        "BATNA adalah …",
        [
            (
                """alternatif terbaik yang dapat diambil bila perundingan tidak menghasilkan
                kesepakatan.""",
                True,
            ),
            ("tawaran pertama yang diajukan dalam perundingan.", False),
            ("batas waktu perundingan yang disepakati para pihak.", False),
            ("kesepakatan akhir yang ditandatangani para pihak.", False),
        ],
        """BATNA (Best Alternative to a Negotiated Agreement) adalah pegangan untuk menilai
        apakah sebuah tawaran lebih baik daripada tidak bersepakat sama sekali.""",
    ),
    true_false(
        """BATNA sebaiknya diungkapkan sebagai ancaman sejak awal perundingan agar pihak lain
        segera mengalah.""",
        False,
        """Salah. BATNA adalah pegangan untuk menilai tawaran, bukan senjata untuk menekan.
        Ancaman di awal perundingan memancing perlawanan dan merusak hubungan.""",
    ),
    true_false(
        """Memperkuat BATNA sebelum perundingan dimulai, misalnya dengan menyiapkan lokasi binaan
        alternatif, menambah kekuatan tawar kelurahan.""",
        True,
        """Benar. Pihak dengan BATNA yang kuat tidak mudah tertekan untuk menerima kesepakatan
        yang merugikan, karena memiliki pilihan lain yang baik bila perundingan gagal.""",
    ),
    single(
        "Zona kemungkinan kesepakatan (ZOPA) ada apabila …",
        [
            (
                """terdapat rentang hasil yang dapat diterima kedua pihak, yaitu di antara batas
                kesepakatan masing-masing.""",
                True,
            ),
            ("kedua pihak memiliki BATNA yang sama.", False),
            ("salah satu pihak menerima seluruh tuntutan pihak lain.", False),
            ("mediator menetapkan hasil akhir perundingan.", False),
        ],
        """ZOPA adalah rentang hasil yang berada di antara batas kesepakatan kedua pihak. Bila
        rentang itu tidak ada, kesepakatan tidak mungkin tercapai tanpa mengubah pilihan atau
        kepentingan yang dibicarakan.""",
    ),
    multiple(
        "Manakah yang dapat dipakai sebagai kriteria objektif? Pilih semua yang benar.",
        [
            ("Peraturan daerah tentang ketertiban umum.", True),
            ("Standar teknis dari suku dinas terkait.", True),
            ("Harga sewa pasar di kawasan sekitar.", True),
            ("Keinginan pihak yang paling keras suaranya.", False),
        ],
        """Kriteria objektif adalah ukuran yang adil dan dapat diperiksa, seperti peraturan,
        standar teknis, harga pasar, preseden, atau pendapat ahli. Kerasnya suara bukan
        ukuran.""",
    ),
    true_false(
        """Dalam perundingan dengan pengembang, lurah boleh menjanjikan kemudahan izin bangunan
        agar pengembang bersedia memperbaiki saluran warga.""",
        False,
        """Salah. Lurah tidak berwenang menerbitkan izin bangunan, dan menukar kewenangan dengan
        imbalan berisiko menjadi penyalahgunaan wewenang. Kewajiban pengembang dirujuk pada
        perizinannya dan diperiksa instansi yang berwenang.""",
    ),
    single(
        "Peran lurah dalam negosiasi berbeda dengan perannya dalam mediasi karena …",
        [
            (
                """dalam negosiasi lurah adalah salah satu pihak yang membawa kepentingan publik,
                sedangkan dalam mediasi ia pihak ketiga yang netral.""",
                True,
            ),
            ("dalam negosiasi lurah berwenang memutus sengketa.", False),
            ("dalam mediasi lurah mewakili kepentingan pemerintah provinsi.", False),
            ("keduanya sama saja sehingga tidak perlu dibedakan.", False),
        ],
        """Keterampilannya mirip, tetapi perannya berbeda. Karena itu lurah perlu menyatakan
        perannya dengan jelas sejak awal pertemuan.""",
    ),
    multiple(
        """Manakah pilihan penataan pedagang kaki lima yang berfokus pada kepentingan bersama?
        Pilih semua yang benar.""",
        [
            ("Lokasi binaan yang dekat dengan arus pembeli.", True),
            ("Pengaturan jam dagang agar trotoar lapang pada jam sibuk pejalan kaki.", True),
            ("Kerja sama dengan pemilik gedung yang memiliki lahan kosong.", True),
            ("Penertiban mendadak tanpa pendataan dan pemberitahuan.", False),
        ],
        """Pilihan yang baik menjawab kepentingan pedagang (pembeli, penghasilan) sekaligus
        kepentingan publik (trotoar yang aman dan tertib). Penertiban mendadak tanpa pendataan
        mengabaikan kepentingan pedagang dan biasanya membuat masalah berulang.""",
    ),
]

# Module 4: Integritas dan Nilai -------------------------------------------------------------------

INTEGRITAS_LESSONS = [
    {
        "title": "Nilai Dasar ASN BerAKHLAK",
        "slug": "nilai-dasar-asn-berakhlak",
        "duration_minutes": 60,
        "summary": _t(
            """Tujuh nilai dasar ASN BerAKHLAK, panduan perilakunya, dan contoh penerapannya dalam
            pelayanan di kecamatan dan kelurahan."""
        ),
        "body": [
            text(
                """
                <h2>Satu rangkaian nilai dasar untuk seluruh ASN</h2>
                <p>Nilai dasar (<em>core values</em>) ASN BerAKHLAK ditetapkan melalui Surat
                Edaran Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 20
                Tahun 2021 tentang Implementasi Core Values dan Employer Branding Aparatur Sipil
                Negara, bersama <em>employer branding</em> "Bangga Melayani Bangsa". Dengan nilai
                yang seragam, setiap ASN, dari kementerian hingga kelurahan, memiliki ukuran
                perilaku yang sama dalam melayani masyarakat.</p>
                <h2>Tujuh nilai dan panduan perilakunya</h2>
                <h3>Berorientasi Pelayanan</h3>
                <ul>
                <li>Memahami dan memenuhi kebutuhan masyarakat.</li>
                <li>Ramah, cekatan, solutif, dan dapat diandalkan.</li>
                <li>Melakukan perbaikan tiada henti.</li>
                </ul>
                <p><em>Di kelurahan:</em> mengubah alur layanan surat pengantar setelah mendengar
                keluhan antrean warga.</p>
                <h3>Akuntabel</h3>
                <ul>
                <li>Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan
                berintegritas tinggi.</li>
                <li>Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif,
                dan efisien.</li>
                <li>Tidak menyalahgunakan kewenangan jabatan.</li>
                </ul>
                <p><em>Di kelurahan:</em> mengumumkan penggunaan anggaran kegiatan kepada warga
                dan tidak memakai kendaraan dinas untuk keperluan pribadi.</p>
                <h3>Kompeten</h3>
                <ul>
                <li>Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu
                berubah.</li>
                <li>Membantu orang lain belajar.</li>
                <li>Melaksanakan tugas dengan kualitas terbaik.</li>
                </ul>
                <h3>Harmonis</h3>
                <ul>
                <li>Menghargai setiap orang apa pun latar belakangnya.</li>
                <li>Suka menolong orang lain.</li>
                <li>Membangun lingkungan kerja yang kondusif.</li>
                </ul>
                <h3>Loyal</h3>
                <ul>
                <li>Memegang teguh ideologi Pancasila dan Undang-Undang Dasar Negara Republik
                Indonesia Tahun 1945, setia kepada Negara Kesatuan Republik Indonesia serta
                pemerintahan yang sah.</li>
                <li>Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara.</li>
                <li>Menjaga rahasia jabatan dan negara.</li>
                </ul>
                <h3>Adaptif</h3>
                <ul>
                <li>Cepat menyesuaikan diri menghadapi perubahan.</li>
                <li>Terus berinovasi dan mengembangkan kreativitas.</li>
                <li>Bertindak proaktif.</li>
                </ul>
                <h3>Kolaboratif</h3>
                <ul>
                <li>Memberi kesempatan kepada berbagai pihak untuk berkontribusi.</li>
                <li>Terbuka dalam bekerja sama untuk menghasilkan nilai tambah.</li>
                <li>Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama.</li>
                </ul>
                <p><em>Di kecamatan:</em> mengajak dunia usaha, perguruan tinggi, dan komunitas
                untuk bersama-sama mengelola bank sampah dan ruang kegiatan remaja.</p>
                """
            ),
            callout(
                "tip",
                "Nilai diukur dari perilaku",
                """
                <p>Nilai tidak cukup dipasang di spanduk kantor. Pilih satu perilaku dari setiap
                nilai, sepakati bersama staf, dan bahas pelaksanaannya dalam rapat rutin. Pimpinan
                wilayah yang memberi teladan lebih dulu akan lebih mudah meminta hal yang sama dari
                stafnya.</p>
                """,
            ),
            knowledge_check(
                "Perilaku manakah yang termasuk panduan nilai Akuntabel? Pilih semua yang benar.",
                [
                    (
                        """Menggunakan barang milik negara secara bertanggung jawab, efektif, dan
                        efisien.""",
                        True,
                    ),
                    ("Tidak menyalahgunakan kewenangan jabatan.", True),
                    ("Menghargai setiap orang apa pun latar belakangnya.", False),
                    ("Terus berinovasi dan mengembangkan kreativitas.", False),
                ],
                """Menghargai setiap orang termasuk nilai Harmonis, sedangkan berinovasi termasuk
                nilai Adaptif. Akuntabel menyangkut kejujuran, tanggung jawab, penggunaan barang
                milik negara, dan tidak menyalahgunakan kewenangan.""",
            ),
            reflection(
                """Nilai BerAKHLAK mana yang menurut Anda paling lemah dalam pelayanan di kantor
                Anda saat ini? Perilaku apa yang akan Anda teladankan lebih dulu?""",
                """Jawablah dengan contoh nyata dari pelayanan sehari-hari, lalu tentukan cara
                sederhana untuk mengetahui apakah perilaku itu mulai berubah dalam tiga bulan.""",
            ),
        ],
    },
    {
        "title": "Gratifikasi: Mengenali, Menolak, dan Melaporkan",
        "slug": "gratifikasi",
        "duration_minutes": 60,
        "summary": _t(
            """Pengertian gratifikasi menurut undang-undang pemberantasan tindak pidana korupsi,
            kapan gratifikasi dianggap suap, dan kewajiban melaporkannya kepada KPK."""
        ),
        "body": [
            text(
                """
                <h2>Apa itu gratifikasi</h2>
                <p>Menurut Penjelasan Pasal 12B Undang-Undang Nomor 31 Tahun 1999 sebagaimana
                diubah dengan Undang-Undang Nomor 20 Tahun 2001 tentang Pemberantasan Tindak Pidana
                Korupsi, gratifikasi adalah <strong>pemberian dalam arti luas</strong>, meliputi
                pemberian uang, barang, rabat (diskon), komisi, pinjaman tanpa bunga, tiket
                perjalanan, fasilitas penginapan, perjalanan wisata, pengobatan cuma-cuma, dan
                fasilitas lainnya, baik yang diterima di dalam maupun di luar negeri, dengan atau
                tanpa sarana elektronik.</p>
                <h2>Kapan gratifikasi dianggap suap</h2>
                <p>Pasal 12B ayat (1) menyatakan bahwa setiap gratifikasi kepada pegawai negeri
                atau penyelenggara negara dianggap pemberian suap apabila <strong>berhubungan
                dengan jabatannya dan berlawanan dengan kewajiban atau tugasnya</strong>. Ancaman
                pidananya, menurut Pasal 12B ayat (2), adalah penjara seumur hidup atau penjara
                paling singkat 4 tahun dan paling lama 20 tahun, serta denda paling sedikit
                Rp200.000.000,00 dan paling banyak Rp1.000.000.000,00.</p>
                <h2>Kewajiban melapor</h2>
                <p>Pasal 12C mengatur bahwa ketentuan Pasal 12B ayat (1) tidak berlaku bila
                penerima melaporkan gratifikasi yang diterimanya kepada Komisi Pemberantasan
                Korupsi (KPK). Laporan wajib disampaikan <strong>paling lambat 30 hari kerja sejak
                tanggal gratifikasi diterima</strong>. KPK kemudian menetapkan apakah gratifikasi
                itu menjadi milik penerima atau milik negara. Laporan dapat disampaikan langsung
                kepada KPK atau melalui Unit Pengendalian Gratifikasi (UPG) di instansi
                masing-masing.</p>
                <h3>Situasi yang sering dihadapi camat dan lurah</h3>
                <ul>
                <li>Parsel hari raya dari pengembang atau rekanan yang sedang berurusan dengan
                kantor.</li>
                <li>"Uang terima kasih" dari warga setelah surat pengantar atau rekomendasi
                selesai.</li>
                <li>Amplop dari panitia acara yang meminta kehadiran atau sambutan.</li>
                <li>Potongan harga khusus atau pinjaman tanpa bunga dari pemasok kegiatan
                kelurahan.</li>
                <li>Tiket perjalanan atau fasilitas penginapan dari pihak yang berkepentingan
                dengan keputusan Anda.</li>
                </ul>
                <h3>Tiga pertanyaan penguji</h3>
                <ol>
                <li>Apakah pemberian ini terkait dengan jabatan saya?</li>
                <li>Apakah pemberinya memiliki kepentingan atas keputusan atau layanan saya,
                sekarang atau nanti?</li>
                <li>Apakah saya tetap merasa nyaman bila pemberian ini diketahui pimpinan, warga,
                dan media?</li>
                </ol>
                <p>Bila jawaban pertanyaan pertama atau kedua adalah "ya", atau jawaban pertanyaan
                ketiga adalah "tidak", tolaklah pemberian itu dengan sopan. Bila tidak mungkin
                ditolak, laporkan.</p>
                """
            ),
            callout(
                "warning",
                "Tolak lebih dulu, laporkan bila terpaksa menerima",
                """
                <p>Pelayanan di kecamatan dan kelurahan tidak boleh disertai imbalan apa pun di
                luar ketentuan. Bila pemberian tidak dapat ditolak, misalnya dikirim ke rumah tanpa
                sepengetahuan Anda, laporkan kepada KPK paling lambat <strong>30 hari kerja</strong>
                sejak diterima, langsung atau melalui UPG instansi Anda.</p>
                """,
            ),
            knowledge_check(
                """Agar ketentuan Pasal 12B ayat (1) tidak berlaku, gratifikasi harus dilaporkan
                kepada KPK paling lambat …""",
                [
                    ("7 hari kalender sejak diterima.", False),
                    ("14 hari kerja sejak diterima.", False),
                    ("30 hari kerja sejak diterima.", True),
                    ("3 bulan sejak diterima.", False),
                ],
                """Pasal 12C ayat (2) Undang-Undang Nomor 20 Tahun 2001 menetapkan batas waktu 30
                hari kerja sejak tanggal gratifikasi diterima.""",
            ),
            reflection(
                """Ingat satu pemberian yang pernah ditawarkan kepada Anda atau staf Anda terkait
                pekerjaan. Bagaimana menurut tiga pertanyaan penguji, dan apa yang seharusnya
                dilakukan?""",
                """Tidak perlu menyebut nama. Fokuslah pada cara menolak dengan sopan dan pada
                aturan kantor yang perlu dibuat agar staf tidak ragu menolak.""",
            ),
        ],
    },
    {
        "title": "Konflik Kepentingan dalam Keputusan Wilayah",
        "slug": "konflik-kepentingan",
        "duration_minutes": 45,
        "summary": _t(
            """Mengenali konflik kepentingan dalam keputusan sehari-hari camat dan lurah, serta
            mengelolanya dengan mengungkapkan, menarik diri, dan mendokumentasikan."""
        ),
        "body": [
            text(
                """
                <h2>Pengertian konflik kepentingan</h2>
                <p>Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan
                mengartikan konflik kepentingan sebagai kondisi pejabat pemerintahan yang memiliki
                kepentingan pribadi untuk menguntungkan diri sendiri dan/atau orang lain dalam
                penggunaan wewenang, sehingga dapat memengaruhi netralitas dan kualitas keputusan
                dan/atau tindakan yang dibuat atau dilakukannya. Undang-undang yang sama melarang
                pejabat yang berpotensi memiliki konflik kepentingan menetapkan dan/atau melakukan
                keputusan dan/atau tindakan tersebut.</p>
                <p>Konflik kepentingan belum tentu korupsi, tetapi merupakan pintu masuknya.
                Memiliki konflik kepentingan bukanlah pelanggaran; yang menjadi masalah adalah
                menyembunyikannya dan tetap mengambil keputusan.</p>
                <h2>Contoh di tingkat wilayah</h2>
                <ul>
                <li>Memilih katering atau pemasok kegiatan kelurahan milik keluarga sendiri.</li>
                <li>Memberi rekomendasi lokasi usaha atau bantuan kepada kerabat.</li>
                <li>Mengusulkan petugas lapangan dari keluarga atau kelompok pendukung
                tertentu.</li>
                <li>Menjadi pengurus koperasi atau yayasan yang menerima bantuan dari
                kelurahan.</li>
                <li>Memediasi sengketa yang melibatkan kerabat atau tetangga dekat.</li>
                </ul>
                <h2>Mengelola konflik kepentingan</h2>
                <ol>
                <li><strong>Kenali.</strong> Periksa setiap keputusan: adakah hubungan keluarga,
                bisnis, atau pertemanan dengan pihak yang diuntungkan?</li>
                <li><strong>Ungkapkan.</strong> Sampaikan secara tertulis kepada atasan sebelum
                keputusan diambil.</li>
                <li><strong>Menarik diri.</strong> Jangan ikut menilai, memutus, atau menandatangani
                keputusan tersebut.</li>
                <li><strong>Alihkan.</strong> Serahkan keputusan kepada pejabat lain sesuai
                ketentuan, misalnya atasan langsung.</li>
                <li><strong>Dokumentasikan.</strong> Simpan catatan pengungkapan dan pengalihan
                keputusan sebagai bukti bahwa prosesnya bersih.</li>
                </ol>
                """
            ),
            case_scenario(
                "Katering pelatihan warga di Kelurahan Pela Mampang",
                """
                <p>Kelurahan Pela Mampang, Kecamatan Mampang Prapatan, Jakarta Selatan, akan
                menyelenggarakan pelatihan keterampilan bagi 60 warga selama lima hari. Sekretaris
                kelurahan mengusulkan katering milik adik ipar lurah karena "harganya lebih murah
                dan sudah kenal". Lurah merasa usulan itu masuk akal karena anggaran terbatas.</p>
                <p>Pada minggu yang sama, sebuah pemasok peralatan pelatihan yang ingin ikut serta
                dalam kegiatan kelurahan mengirim parsel berisi barang elektronik ke rumah lurah
                tanpa pemberitahuan. <em>(Kasus rekaan untuk pembelajaran.)</em></p>
                """,
                [
                    "Apakah ada konflik kepentingan dalam pemilihan katering? Jelaskan.",
                    """Langkah apa yang harus diambil lurah agar pengadaan katering tetap
                    akuntabel, walaupun harga yang ditawarkan memang lebih murah?""",
                    """Apa yang harus dilakukan lurah terhadap parsel dari pemasok, dan berapa
                    lama batas waktunya?""",
                ],
            ),
            knowledge_check(
                """Langkah manakah yang tepat untuk mengelola konflik kepentingan? Pilih semua yang
                benar.""",
                [
                    ("Mengungkapkannya secara tertulis kepada atasan.", True),
                    ("Menarik diri dari pengambilan keputusan.", True),
                    ("Tetap memutus sendiri asalkan harga yang ditawarkan lebih murah.", False),
                    ("Merahasiakan hubungan keluarga agar proses tidak tertunda.", False),
                ],
                """Konflik kepentingan dikelola dengan mengungkapkan, menarik diri, mengalihkan
                keputusan, dan mendokumentasikannya. Harga yang lebih murah tidak menghapus
                konflik kepentingan, dan merahasiakannya justru merupakan pelanggaran.""",
            ),
            reflection(
                """Sebutkan satu keputusan rutin di kantor Anda yang rawan konflik kepentingan.
                Mekanisme apa yang sudah ada, dan apa yang perlu ditambahkan?""",
                """Contohnya pemilihan pemasok kegiatan, usulan penerima bantuan, atau rekomendasi
                perizinan. Pikirkan cara sederhana seperti formulir pernyataan atau pengalihan
                keputusan kepada pejabat lain.""",
            ),
        ],
    },
]

INTEGRITAS_QUESTIONS = [
    multiple(
        "Manakah yang termasuk nilai dasar ASN BerAKHLAK? Pilih semua yang benar.",
        [
            ("Berorientasi Pelayanan", True),
            ("Akuntabel", True),
            ("Kolaboratif", True),
            ("Hierarkis", False),
            ("Senioritas", False),
        ],
        """BerAKHLAK terdiri atas Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal,
        Adaptif, dan Kolaboratif. Hierarkis dan senioritas bukan bagian dari nilai dasar
        tersebut.""",
    ),
    single(
        "Nilai dasar ASN BerAKHLAK ditetapkan melalui …",
        [
            ("Surat Edaran Menteri PANRB Nomor 20 Tahun 2021.", True),
            ("Undang-Undang Nomor 20 Tahun 2001.", False),
            ("Undang-Undang Nomor 25 Tahun 2004.", False),
            ("Undang-Undang Nomor 30 Tahun 2014.", False),
        ],
        """Core values ASN BerAKHLAK ditetapkan melalui Surat Edaran Menteri PANRB Nomor 20 Tahun
        2021 tentang Implementasi Core Values dan Employer Branding Aparatur Sipil Negara.""",
    ),
    single(
        """Panduan perilaku "menghargai setiap orang apa pun latar belakangnya" termasuk nilai
        BerAKHLAK yang mana?""",
        [
            ("Loyal", False),
            ("Harmonis", True),
            ("Kompeten", False),
            ("Adaptif", False),
        ],
        """Nilai Harmonis meliputi menghargai setiap orang apa pun latar belakangnya, suka
        menolong orang lain, dan membangun lingkungan kerja yang kondusif.""",
    ),
    single(
        """Panduan perilaku "menjaga rahasia jabatan dan negara" termasuk nilai BerAKHLAK yang
        mana?""",
        [
            ("Akuntabel", False),
            ("Kolaboratif", False),
            ("Loyal", True),
            ("Berorientasi Pelayanan", False),
        ],
        """Nilai Loyal meliputi memegang teguh Pancasila dan UUD 1945 serta setia kepada NKRI dan
        pemerintahan yang sah, menjaga nama baik sesama ASN, pimpinan, instansi, dan negara, serta
        menjaga rahasia jabatan dan negara.""",
    ),
    true_false(
        """Gratifikasi kepada pegawai negeri dianggap pemberian suap apabila berhubungan dengan
        jabatannya dan berlawanan dengan kewajiban atau tugasnya.""",
        True,
        """Benar. Ketentuan ini tercantum dalam Pasal 12B ayat (1) Undang-Undang Nomor 31 Tahun
        1999 sebagaimana diubah dengan Undang-Undang Nomor 20 Tahun 2001.""",
    ),
    single(
        """Agar ketentuan Pasal 12B ayat (1) tidak berlaku, gratifikasi yang diterima wajib
        dilaporkan kepada KPK paling lambat …""",
        [
            ("7 hari kerja sejak diterima.", False),
            ("30 hari kerja sejak diterima.", True),
            ("60 hari kalender sejak diterima.", False),
            ("akhir tahun anggaran berjalan.", False),
        ],
        """Pasal 12C ayat (2) menetapkan batas waktu 30 hari kerja sejak tanggal gratifikasi
        diterima.""",
    ),
    multiple(
        """Manakah yang termasuk gratifikasi menurut Penjelasan Pasal 12B Undang-Undang
        Pemberantasan Tindak Pidana Korupsi? Pilih semua yang benar.""",
        [
            ("Rabat atau diskon khusus dari pemasok.", True),
            ("Tiket perjalanan dan fasilitas penginapan.", True),
            ("Pinjaman tanpa bunga.", True),
            ("Gaji dan tunjangan resmi dari instansi sendiri.", False),
        ],
        """Gratifikasi adalah pemberian dalam arti luas, termasuk rabat, komisi, pinjaman tanpa
        bunga, tiket perjalanan, dan fasilitas penginapan. Gaji dan tunjangan resmi adalah hak
        yang diatur ketentuan, bukan gratifikasi.""",
    ),
    true_false(
        """Uang terima kasih dari warga setelah lurah menerbitkan surat pengantar boleh diterima
        tanpa dilaporkan asalkan nilainya kecil dan diberikan secara sukarela.""",
        False,
        """Salah. Pemberian itu berhubungan dengan jabatan lurah, sehingga harus ditolak, dan bila
        terpaksa diterima wajib dilaporkan. Pelayanan tidak boleh disertai imbalan di luar
        ketentuan, berapa pun nilainya.""",
    ),
    true_false(
        """Setelah gratifikasi dilaporkan dalam batas waktu, KPK menetapkan apakah gratifikasi itu
        menjadi milik penerima atau milik negara.""",
        True,
        """Benar. Sesuai Pasal 12C, KPK menilai laporan dan menetapkan status kepemilikan
        gratifikasi tersebut.""",
    ),
    multiple(
        "Situasi manakah yang mengandung konflik kepentingan bagi lurah? Pilih semua yang benar.",
        [
            ("Memilih katering milik adik iparnya untuk kegiatan kelurahan.", True),
            ("Memberi rekomendasi lokasi usaha kepada kerabatnya.", True),
            ("Memimpin rapat koordinasi tiga pilar.", False),
            ("Menyusun usulan Musrenbang berdasarkan data dari RW.", False),
        ],
        """Konflik kepentingan muncul ketika kepentingan pribadi, termasuk kepentingan keluarga,
        dapat memengaruhi keputusan jabatan. Memimpin rapat koordinasi dan menyusun usulan
        berdasarkan data adalah tugas biasa tanpa kepentingan pribadi.""",
    ),
    single(
        """Menurut Undang-Undang Nomor 30 Tahun 2014, pejabat yang berpotensi memiliki konflik
        kepentingan dalam suatu keputusan seharusnya …""",
        [
            ("tetap memutus asalkan keputusannya menguntungkan warga.", False),
            ("tidak menetapkan keputusan tersebut.", True),
            ("meminta persetujuan pihak yang diuntungkan.", False),
            ("menunda keputusan sampai akhir masa jabatannya.", False),
        ],
        """Undang-Undang Administrasi Pemerintahan melarang pejabat yang berpotensi memiliki
        konflik kepentingan menetapkan dan/atau melakukan keputusan atau tindakan tersebut.
        Keputusan dialihkan kepada pejabat lain sesuai ketentuan.""",
    ),
]

# The modules, in order ----------------------------------------------------------------------------

_TEST_SETTINGS = {
    "pretest_enabled": True,
    "posttest_enabled": True,
    "pass_mark": 70,
    "attempt_limit": 3,
    "questions_per_test": 0,
    "shuffle_questions": True,
    "shuffle_options": True,
}

MODULES = [
    {
        "title": "Kepemimpinan",
        "slug": "kepemimpinan",
        "competency": "Kepemimpinan",
        "jp": 6,
        "prerequisite": None,
        "summary": _t(
            """Peran camat dan lurah sebagai pemimpin wilayah: menerjemahkan visi Gubernur menjadi
            visi kewilayahan, memimpin perubahan secara adaptif, menggerakkan RT, RW, LMK, FKDM,
            dan tiga pilar, serta memimpin saat krisis."""
        ),
        "objectives": _lines(
            [
                """Menjelaskan peran camat dan lurah sebagai pemimpin wilayah, bukan sekadar
            pelaksana administrasi.""",
                """Menyusun visi dan prioritas kewilayahan yang selaras dengan visi Gubernur dan
            berakar pada data wilayah.""",
                """Membedakan masalah teknis dari tantangan adaptif dan memilih cara memimpin yang
            sesuai.""",
                """Menggerakkan RT, RW, LMK, FKDM, dan tiga pilar melalui koordinasi dan Musrenbang
            yang menghasilkan tindakan.""",
                "Memimpin kesiapsiagaan dan tanggap darurat banjir, kebakaran, dan tawuran.",
            ]
        ),
        **_TEST_SETTINGS,
        "lessons": KEPEMIMPINAN_LESSONS,
        "questions": KEPEMIMPINAN_QUESTIONS,
    },
    {
        "title": "Mediasi",
        "slug": "mediasi",
        "competency": "Mediasi",
        "jp": 4,
        "prerequisite": None,
        "summary": _t(
            """Camat dan lurah sebagai mediator konflik antarwarga: prinsip netralitas dan
            kerahasiaan, tahapan dan teknik mediasi, serta penerapannya pada sengketa lahan
            parkir dan tawuran antarkampung."""
        ),
        "objectives": _lines(
            [
                "Menjelaskan pengertian, prinsip, dan batas peran mediator dalam konflik warga.",
                "Menerapkan tahapan mediasi dari persiapan hingga tindak lanjut kesepakatan.",
                "Menggunakan teknik mendengar aktif, membingkai ulang, dan kaukus.",
                """Merancang mediasi pascatawuran antarkampung bersama tiga pilar dan FKDM dengan
            kesepakatan yang dapat dipantau.""",
            ]
        ),
        **_TEST_SETTINGS,
        "lessons": MEDIASI_LESSONS,
        "questions": MEDIASI_QUESTIONS,
    },
    {
        "title": "Negosiasi",
        "slug": "negosiasi",
        "competency": "Negosiasi",
        "jp": 4,
        "prerequisite": "mediasi",
        "summary": _t(
            """Negosiasi berprinsip bagi camat dan lurah: membedakan posisi dari kepentingan,
            menyiapkan BATNA dan kriteria objektif, serta berunding dengan pengembang dan pedagang
            kaki lima tanpa melampaui kewenangan."""
        ),
        "objectives": _lines(
            [
                "Membedakan posisi dari kepentingan para pihak dalam perundingan.",
                """Menyiapkan negosiasi dengan menetapkan tujuan, BATNA, batas kesepakatan, dan
            kriteria objektif.""",
                "Mengembangkan pilihan penyelesaian yang saling menguntungkan.",
                """Memimpin perundingan dengan pengembang dan pedagang kaki lima secara transparan
            dan dalam batas kewenangan.""",
            ]
        ),
        **_TEST_SETTINGS,
        "lessons": NEGOSIASI_LESSONS,
        "questions": NEGOSIASI_QUESTIONS,
    },
    {
        "title": "Integritas dan Nilai",
        "slug": "integritas-dan-nilai",
        "competency": "Integritas dan Nilai BerAKHLAK",
        "jp": 4,
        "prerequisite": None,
        "summary": _t(
            """Integritas pimpinan wilayah: nilai dasar ASN BerAKHLAK, mengenali, menolak, dan
            melaporkan gratifikasi, serta mengelola konflik kepentingan dalam keputusan
            sehari-hari."""
        ),
        "objectives": _lines(
            [
                "Menjelaskan tujuh nilai dasar ASN BerAKHLAK beserta panduan perilakunya.",
                "Menerapkan nilai BerAKHLAK dalam pelayanan di kecamatan dan kelurahan.",
                "Mengenali gratifikasi, menolaknya, dan melaporkannya sesuai ketentuan.",
                "Mengenali dan mengelola konflik kepentingan dalam pengambilan keputusan.",
            ]
        ),
        **_TEST_SETTINGS,
        "lessons": INTEGRITAS_LESSONS,
        "questions": INTEGRITAS_QUESTIONS,
    },
]
