"""Word lists of Vietnamese report grammar that the scanner and the context rules share.

These are closed classes (prepositions, verbs of change, nouns that name rather than count,
the labels of web-page counters), not phrases of any particular article. Indicator names are
not here: they come from the catalog's synonyms.
"""

from __future__ import annotations

# Nouns that follow a numeral in reports: what is being counted. Vietnamese puts the numeral
# before the noun ("28 chi bộ"); the catalog's ``counted`` nouns are added at run time.
# Multi-word entries first matter only for readability: lookup is longest-match.
COUNT_NOUNS = frozenset(
    """
    hộ người tổ thôn ấp xóm bản khóm htx lượt cuộc vụ nhà xe chiếc cái con trường lớp tuyến
    trẻ cháu em suất buổi đợt tin bài đơn cờ điểm km tấn tạ kg lít cây khẩu clb căn phòng
    năm tháng ngày tuần quý giờ tuổi
    """.split()
)

# Multi-word count nouns: kept whole so "1.131 đảng viên" counts "đảng viên", not "đảng".
COUNT_PHRASES = frozenset(
    {
        "đảng viên",
        "tổ chức cơ sở đảng",
        "tổ chức đảng cơ sở",
        "giấy chứng nhận",
        "ngày công",
        "cây xanh",
        "cơ sở đảng",
        "đảng bộ bộ phận",
        "đơn vị kinh tế",
        "tuyến hẻm",
        "khâu đột phá",
        "tuyến phố",
        "tuyến đường",
        "tổ chức đảng",
        "chi bộ",
        "đảng bộ",
        "tổ dân phố",
        "khu phố",
        "khu dân cư",
        "doanh nghiệp",
        "hợp tác xã",
        "tổ hợp tác",
        "cơ sở",
        "lao động",
        "dự án",
        "công trình",
        "hạng mục",
        "căn nhà",
        "ngôi nhà",
        "mô hình",
        "tiêu chí",
        "tập thể",
        "cá nhân",
        "đồng chí",
        "học sinh",
        "sinh viên",
        "gia đình",
        "sản phẩm",
        "đơn vị",
        "cơ quan",
        "tổ chức",
        "chỉ tiêu",
        "nhiệm vụ",
        "hội viên",
        "đoàn viên",
        "cán bộ",
        "công chức",
        "viên chức",
        "nhân khẩu",
        "đối tượng",
        "phần quà",
        "hội nghị",
        "ý kiến",
        "kiến nghị",
        "hồ sơ",
        "thủ tục",
        "giấy khen",
        "bằng khen",
        "huân chương",
        "huy chương",
        "kỷ niệm chương",
        "trường hợp",
        "vụ việc",
        "vụ án",
        "chương trình",
        "kế hoạch",
        "văn bản",
        "nghị quyết",
        "lớp học",
        "đồng bào",
        "người dân",
        "công dân",
        "thanh niên",
        "tân binh",
        "quân nhân",
        "chiến sĩ",
        "dân quân",
        "câu lạc bộ",
        "vật nuôi",
        "trẻ em",
    }
)

# Classifiers: the noun after them is part of what is counted ("689 lượt hộ nghèo" counts
# "lượt hộ", "5 nhóm nhiệm vụ" counts "nhóm nhiệm vụ"); alone they are the noun ("35 cuộc").
CLASSIFIERS = frozenset({"lượt", "nhóm", "căn", "ngôi", "chiếc", "cái", "con", "cuộc", "bộ", "tốp"})

# Time nouns: "5 năm qua" frames a period; only "5 năm liền" counts years as a result.
TIME_NOUNS = frozenset({"năm", "tháng", "ngày", "tuần", "quý", "giờ", "phút", "buổi sáng"})

# Words that cannot be the counted noun: a numeral followed by one of these stands alone
# ("tăng 125 so với", "đạt 11 trên").
FUNCTION_WORDS = frozenset(
    """
    và với của cho trong ngoài là có được bị đã đang sẽ thì mà nhưng hoặc hay nên vì do bởi từ đến
    tới lên xuống về theo tại ở trên dưới so sánh còn đạt vượt tăng giảm chiếm bằng gấp như này đó
    kia nào các những mỗi mọi từng cả một hai ba khi sau trước qua tới nay rồi thuộc gồm trở
    hơn gần khoảng ước xấp xỉ chừng tính riêng cùng kể đều luôn vẫn cũng rất nhất không chưa
    mới nhằm để đi ra vào hết ngay liền liên tục tiếp đầu cuối giữa
    """.replace("\n", " ").split()
)

# Nouns after which a number is a name or an ordinal, not a count: Vietnamese numerals come
# before the noun they count, so "phường 1", "Chi bộ 24", "Ngõ 251", "mức độ 3", "Quy định 213"
# name things.
NAMING_NOUNS = (
    "phường",
    "xã",
    "quận",
    "huyện",
    "thị trấn",
    "tổ dân phố",
    "tdp",  # "nhà văn hóa TDP 8": the usual abbreviations of tổ dân phố, khu phố, khu dân cư
    "tổ",
    "khu phố",
    "kp",
    "kdc",
    "khu",
    "ấp",
    "thôn",
    "xóm",
    "bản",
    "khóm",
    "ngõ",
    "ngách",
    "hẻm",
    "kiệt",
    "đường",
    "phố",
    "số",
    "chi bộ",
    "đảng bộ",
    "mức độ",
    "mức",
    "loại",
    "cấp",
    "hạng",
    "khóa",
    "khoá",
    "thứ",
    "quy định",
    "chỉ thị",
    "nghị quyết",
    "nq",  # "NQ TƯ 4 khóa 12": the Central Committee's fourth plenum resolution
    "tư",
    "tw",
    "trung ương",
    "quyết định",
    "thông tư",
    "nghị định",
    "kết luận",
    "hướng dẫn",
    "công văn",
    "tờ trình",
    "thông báo",
    "đề án",
    "luật",
    "điều",
    "khoản",
    "chương",
    "mục",
    "phần",
    "phòng",
    "lô",
    "tiêu chuẩn",
    "huy hiệu",  # "Huy hiệu Đảng 80, 60, 55 … năm tuổi Đảng": the badges' tiers
    "huy hiệu đảng",
    "tcvn",
    "iso",
    "giai đoạn",
    "đợt",
    "lớp",
    "tuyến",
    "quốc lộ",
    "tỉnh lộ",
    "ql",
    "đt",
    "km",
    "tầng",
    "block",
    "kỳ họp",
    "trang",
    "hình",
    "ảnh",
    "bảng",
    "biểu",
    "phụ lục",
    "trung đoàn",
    "tiểu đoàn",
    "đại đội",
    "sư đoàn",
    "quân khu",
    "kênh",
    "vtv",
    "covid",
    "tw",
    "tổ liên gia",
    "trung ương",
    "nhà",
    "căn hộ",
    "điện thoại",
    "hotline",
    "fax",
    "tài khoản",
    "version",
    "phiên bản",
)

# Time words before "d/m" or a lone day number: "Chiều 8/1", "ngày 2/1/2020", "tháng 3/2020".
DATE_WORDS = (
    "ngày",
    "hôm",
    "sáng",
    "trưa",
    "chiều",
    "tối",
    "đêm",
    "tháng",
    "mùng",
    "mồng",
    "từ ngày",
    "đến ngày",
    "hạn",
    "thứ hai",
    "thứ ba",
    "thứ tư",
    "thứ năm",
    "thứ sáu",
    "thứ bảy",
    "chủ nhật",
)

# Labels of a news site's counters and widgets: "Đang online: 6", "Thống kê: 185.509".
FURNITURE_LABELS = (
    "online",
    "đang online",
    "trực tuyến",
    "đang truy cập",
    "truy cập",
    "lượt truy cập",
    "tổng truy cập",
    "thống kê",
    "thống kê truy cập",
    "lượt xem",
    "lượt đọc",
    "lượt thích",
    "lượt chia sẻ",
    "lượt đánh giá",
    "bình luận",
    "hôm nay",
    "hôm qua",
    "trong ngày",
    "trong tuần",
    "tuần này",
    "tuần trước",
    "trong tháng",
    "tháng này",
    "tháng trước",
    "tất cả",
    "khách",
    "khách online",
    "thành viên",
    "visitors",
    "visits",
    "views",
    "view count",
    "số lượt xem",
    "hits",
    "total",
    "today",
    "yesterday",
    "this week",
    "this month",
    "online now",
    "số lượt",
)

# Words after which "N năm" frames a period rather than counting years: "Qua hơn 2 năm", "Sau 5
# năm thực hiện", "trong 5 năm".
PERIOD_FRAMES = ("qua", "trong", "sau", "suốt", "trong vòng", "gần", "hơn", "sau hơn", "qua hơn", "cả")
