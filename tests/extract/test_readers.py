"""Reading .txt, .docx, .pdf and .html reports into plain text, and the clear errors for bad files."""

import io
import unicodedata
import zipfile

import pytest

from chitieu.extract import ExtractError, extract_file, read_text

from .files import make_docx, make_pdf


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters with their shape (â, ơ, ư) precomposed, tone marks as
    separate combining characters."""
    shape = {"\u0302", "\u0306", "\u031b"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = parts[0] + "".join(c for c in parts[1:] if c in shape)
        tones = "".join(c for c in parts[1:] if c not in shape)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


REPORT = "Năm 2019, tổng giá trị sản xuất đạt 270,9 tỷ đồng. Đảng bộ phường có 312 đảng viên."


@pytest.mark.parametrize(
    "data,expected",
    [
        (REPORT.encode("utf-8"), REPORT),
        (b"\xef\xbb\xbf" + REPORT.encode("utf-8"), REPORT),  # Notepad's BOM
        (REPORT.encode("utf-16"), REPORT),  # Word's "Unicode text"
        (cp1258("Thu nhập đạt 42 triệu đồng"), "Thu nhập đạt 42 triệu đồng"),  # old Windows files
    ],
)
def test_txt_encodings(tmp_path, data, expected):
    p = tmp_path / "bao-cao.txt"
    p.write_bytes(data)
    assert read_text(p) == expected


def test_txt_offsets_are_the_file_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Tiêu đề\r\n\r\nĐảng bộ có 1.131 đảng viên.", encoding="utf-8", newline="")
    text = read_text(p)
    (fact,) = extract_file(p)
    assert text[fact.start : fact.end] == "1.131"
    assert fact.doc == "a.txt"


def test_docx_paragraphs_and_tables(tmp_path):
    p = make_docx(
        tmp_path / "bao-cao.docx",
        ["Báo cáo tổng kết công tác năm 2023", "Đảng bộ phường có 312 đảng viên."],
        table=[["Chỉ tiêu", "Kết quả"], ["Thu ngân sách nhà nước", "124.857 triệu đồng"]],
    )
    text = read_text(p)
    assert "Đảng bộ phường có 312 đảng viên." in text
    assert "Thu ngân sách nhà nước\t124.857 triệu đồng" in text
    got = {f.text: f for f in extract_file(p)}
    assert got["312"].indicator == "party_members"
    assert got["124.857 triệu đồng"].indicator == "budget_revenue"
    assert got["124.857 triệu đồng"].year == "2023"


def test_pdf_lines_wrapped_inside_a_sentence_are_joined(tmp_path):
    p = tmp_path / "bao-cao.pdf"
    lines = ["Năm 2021, tổng thu ngân sách nhà nước trên", "địa bàn đạt 8,4 tỷ đồng.", "Thôn Đông có 3 tổ."]
    p.write_bytes(make_pdf(lines))
    text = read_text(p)
    assert "nhà nước trên địa bàn đạt 8,4 tỷ đồng.\nThôn Đông" in text  # a new sentence keeps its line
    got = {f.text: f for f in extract_file(p)}
    assert got["8,4 tỷ đồng"].indicator == "budget_revenue"


def test_pdf_text_layer(tmp_path):
    p = tmp_path / "bao-cao.pdf"
    p.write_bytes(make_pdf(["Năm 2019, tổng giá trị sản xuất đạt 270,9 tỷ đồng.", "Hộ cận nghèo còn 4,8%."]))
    text = read_text(p)
    assert "270,9 tỷ đồng" in text
    got = {f.text: f for f in extract_file(p)}
    assert got["270,9 tỷ đồng"].indicator == "production_value_total"
    assert got["4,8%"].indicator == "near_poverty_rate"


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Đại hội Đảng bộ phường</title></head>
<body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li><li>Liên hệ</li></ul></nav>
<article>
<h1>Đảng bộ phường Kim Tân tổng kết nhiệm kỳ</h1>
<p>Thực hiện Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2015 - 2020, Đảng ủy phường Kim Tân đã lãnh đạo
triển khai đồng bộ các giải pháp nhằm thực hiện thắng lợi các mục tiêu đề ra trong suốt nhiệm kỳ qua.</p>
<p>Đảng bộ phường có 28 chi bộ trực thuộc, 1.131 đảng viên. Thu nhập bình quân của người dân đạt
112 triệu đồng, vượt 11% so với mục tiêu đại hội. Tỷ lệ hộ nghèo giảm còn 0,5%.</p>
<p>Trong 5 năm qua, Đảng bộ đã kết nạp được 43 đảng viên, vượt chỉ tiêu đề ra; công tác kiểm tra,
giám sát được tăng cường, chất lượng sinh hoạt chi bộ ngày càng được nâng lên rõ rệt.</p>
</article>
<footer><div class="counter">Đang online: 6</div><div>Hôm nay: 936</div><div>Tất cả: 2,886,673</div>
<p>Bản quyền thuộc Cổng thông tin điện tử phường. Điện thoại: 0214 3840 123</p></footer>
</body></html>"""


def test_html_keeps_the_article_only(tmp_path):
    p = tmp_path / "bai-viet.html"
    p.write_text(HTML, encoding="utf-8")
    text = read_text(p)
    assert "1.131 đảng viên" in text
    assert "Đang online" not in text and "Trang chủ" not in text
    got = {f.text: f for f in extract_file(p)}
    assert set(got) == {"28", "1.131", "112 triệu đồng", "11%", "0,5%", "43"}
    assert got["43"].indicator == "party_members_admitted"
    assert got["11%"].role == "achievement"


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("hong.docx", b"PK\x03\x04 not really a zip", "bị hỏng"),
        ("hong.docx", b"\x00" * 100, "bị hỏng"),
        ("hong.pdf", b"%PDF-1.4\n1 0 obj garbage\n", "bị hỏng"),
        ("hong.pdf", b"not a pdf at all", "bị hỏng"),
        ("bao-cao.xlsx", b"PK", "Không hỗ trợ"),
        ("bao-cao", b"x", "Không hỗ trợ"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ExtractError) as info:
        read_text(p)
    text = str(info.value)
    assert message in text and " / " in text and "\n" not in text


def test_zip_that_is_not_a_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    p = tmp_path / "gia.docx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(ExtractError, match="bị hỏng"):
        read_text(p)


def test_scanned_pdf_without_text(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    p = tmp_path / "scan.pdf"
    with open(p, "wb") as f:
        writer.write(f)
    with pytest.raises(ExtractError, match="OCR"):
        read_text(p)


def test_missing_file(tmp_path):
    with pytest.raises(ExtractError, match="Không tìm thấy"):
        read_text(tmp_path / "khong-co.txt")
