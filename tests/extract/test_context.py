"""What a sentence says about its figures: indicator, role, year, subject, claim.

The sentences are written for these tests in the style of real reports (not copied from the seeds),
so they test the grammar rules, not the seeds.
"""

import pytest

from chitieu.extract import extract_text


def facts(text: str) -> dict[str, dict]:
    return {f.text: f.to_dict() for f in extract_text(text)}


# (text, figure, field, expected)
ROWS = [
    # indicator from the subject before a rate or an amount
    ("Tỷ lệ hộ nghèo giảm còn 2,1%.", "2,1%", "indicator", "poverty_rate"),
    ("Năm 2022, thu nhập bình quân đầu người đạt 58 triệu đồng.", "58 triệu đồng", "indicator", "income_per_capita"),
    ("Tổng thu ngân sách nhà nước trên địa bàn đạt 12,5 tỷ đồng.", "12,5 tỷ đồng", "indicator", "budget_revenue"),
    # from the noun after a percentage
    ("Có 97% người dân tham gia BHYT.", "97%", "indicator", "health_insurance_rate"),
    ("Đến nay 100% hộ sử dụng nước sạch.", "100%", "indicator", "tap_water_rate"),
    # a count takes its governing verb phrase, then its noun phrase
    ("Trong năm, Đảng bộ đã kết nạp được 9 đảng viên mới.", "9", "indicator", "party_members_admitted"),
    ("Xã phát triển 14/12 đảng viên, đạt 116,7% kế hoạch.", "14/12", "indicator", "party_members_admitted"),
    ("Toàn xã có 2.415 hộ và 8.900 nhân khẩu.", "2.415", "indicator", "households"),
    ("Toàn xã có 2.415 hộ và 8.900 nhân khẩu.", "8.900", "indicator", "population"),
    ("Đảng bộ có 19 chi bộ trực thuộc và 640 đảng viên.", "640", "indicator", "party_members"),
    ("Hiện còn 17 hộ nghèo.", "17", "indicator", "poor_households"),
    ("Ủy ban kiểm tra đã tiến hành 8 cuộc kiểm tra, giám sát.", "8", "indicator", "inspections"),
    # a bare noun that is the object of another act, or a beneficiary, is no indicator
    ("Đoàn đã kiểm tra, giám sát 4 chi bộ.", "4", "indicator", None),
    ("Hỗ trợ sửa chữa nhà cho 12 hộ nghèo.", "12", "indicator", None),
    ("Phường giúp đỡ 3 thôn của xã bạn.", "3", "indicator", None),
    # parts of a total and changes are not the indicator
    ("Đảng bộ có 240 đảng viên, có 236 đảng viên chính thức và 4 đảng viên dự bị.", "236", "indicator", None),
    (
        "Đảng bộ có 240 đảng viên, có 236 đảng viên chính thức và 4 đảng viên dự bị.",
        "240",
        "indicator",
        "party_members",
    ),
    ("So với đầu nhiệm kỳ tăng 40 doanh nghiệp, 90 hộ kinh doanh.", "40", "indicator", None),
    ("So với đầu nhiệm kỳ tăng 40 doanh nghiệp, 90 hộ kinh doanh.", "90", "indicator", None),
    ("Tỷ lệ hộ nghèo 0,8%, giảm 0,4% so với năm 2021.", "0,4%", "indicator", None),
    (
        "Tổng giá trị sản xuất đạt 1.245 tỷ đồng, tăng 8,5% so với năm 2021.",
        "8,5%",
        "indicator",
        "production_growth_rate",
    ),
    # coordinated figures share their predicate, and an elided subject
    (
        "Hằng năm có 92% số hộ, 90% tổ dân phố đạt danh hiệu văn hóa.",
        "92%",
        "indicator",
        "cultural_family_rate",
    ),
    (
        "Hằng năm có 92% số hộ, 90% tổ dân phố đạt danh hiệu văn hóa.",
        "90%",
        "indicator",
        "cultural_residential_group_rate",
    ),
    (
        "Tỷ lệ chi bộ hoàn thành xuất sắc nhiệm vụ đạt 18%, hoàn thành tốt nhiệm vụ đạt 80%.",
        "80%",
        "indicator",
        "branches_good_rate",
    ),
    ("Thu ngân sách đạt 8,2 tỷ đồng, tăng bình quân 14%.", "14%", "indicator", "budget_revenue_growth_rate"),
    # roles
    ("Thu ngân sách 9.800 triệu đồng, đạt 120,5% kế hoạch.", "120,5%", "role", "achievement"),
    ("Thu ngân sách 9.800 triệu đồng, đạt 120,5% kế hoạch.", "120,5%", "indicator", "budget_revenue"),
    ("Kết nạp 30 đảng viên, vượt 20% so với mục tiêu đại hội.", "20%", "role", "achievement"),
    ("Tỷ lệ hộ nghèo từ 6,2% năm 2020 giảm xuống còn 3,1% năm 2022.", "6,2%", "role", "baseline"),
    ("Tỷ lệ hộ nghèo từ 6,2% năm 2020 giảm xuống còn 3,1% năm 2022.", "3,1%", "role", "actual"),
    ("Tỷ lệ hộ nghèo từ 6,2% năm 2020 giảm xuống còn 3,1% năm 2022.", "3,1%", "indicator", "poverty_rate"),
    (
        "Tỷ lệ tham gia BHYT đạt 95%, vượt chỉ tiêu Nghị quyết đề ra (90%).",
        "90%",
        "role",
        "target",
    ),
    (
        "Tỷ lệ tham gia BHYT đạt 95%, vượt chỉ tiêu Nghị quyết đề ra (90%).",
        "90%",
        "indicator",
        "health_insurance_rate",
    ),
    ("Tỷ suất sinh 11‰, đạt chỉ tiêu đề ra là từ 10-12‰/năm.", "10-12‰/năm", "role", "target"),
    ("Giao quân đạt 100% chỉ tiêu trên giao.", "100%", "role", "actual"),
    (
        "Năm 2025, phấn đấu thu nhập bình quân đầu người đạt 60 triệu đồng; kết nạp 15 đảng viên mới.",
        "15",
        "role",
        "target",
    ),
    ("Nhờ nỗ lực phấn đấu, năm 2022 thu ngân sách đạt 15 tỷ đồng.", "15 tỷ đồng", "role", "actual"),
    ("Kết nạp 7 đảng viên, đạt 58% kế hoạch năm.", "58%", "role", "achievement"),
    ("Kết nạp 7 đảng viên, đạt 58% kế hoạch năm.", "58%", "claim", None),
    ("Kết nạp 7 đảng viên, đạt 58% kế hoạch năm.", "7", "claim", None),
    ("Tổng số đảng viên: 412 đồng chí.", "412", "indicator", "party_members"),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi còn 8,2%.", "8,2%", "indicator", "malnutrition_rate"),
    # claims
    ("Tỷ lệ tham gia BHYT đạt 95%, vượt chỉ tiêu Nghị quyết đề ra (90%).", "95%", "claim", "vượt"),
    ("Tỷ lệ tham gia BHYT đạt 95%, vượt chỉ tiêu Nghị quyết đề ra (90%).", "90%", "claim", None),
    ("Thu nhập bình quân đầu người 50 triệu đồng, chưa đạt chỉ tiêu.", "50 triệu đồng", "claim", "chưa đạt"),
    ("Thu ngân sách 9.800 triệu đồng, đạt 120,5% kế hoạch.", "9.800 triệu đồng", "claim", "đạt"),
    ("Tổng giá trị sản xuất đạt 300 tỷ đồng.", "300 tỷ đồng", "claim", None),
    # years
    ("Năm 2022, thu nhập bình quân đầu người đạt 58 triệu đồng.", "58 triệu đồng", "year", "2022"),
    (
        "Thu nhập bình quân tăng từ 40 triệu đồng (năm 2020) lên 61 triệu đồng (năm 2024).",
        "40 triệu đồng",
        "year",
        "2020",
    ),
    (
        "Thu nhập bình quân tăng từ 40 triệu đồng (năm 2020) lên 61 triệu đồng (năm 2024).",
        "61 triệu đồng",
        "year",
        "2024",
    ),
    (
        "Thực hiện Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025, xã đã kết nạp 40 đảng viên.",
        "40",
        "year",
        "2020-2025",
    ),
    ("Hội nghị tổng kết công tác năm 2024.\nĐảng bộ đã kết nạp 6 đảng viên.", "6", "year", "2024"),
    ("Tổng giá trị sản xuất đạt 300 tỷ đồng.", "300 tỷ đồng", "year", None),
    # subjects
    ("Đảng bộ xã Hòa Bình có 320 đảng viên.", "320", "subject", "xã Hòa Bình"),
    ("Phường 3 có 410 đảng viên.", "410", "subject", "phường 3"),
    (
        "Thu nhập bình quân của phường An Lạc 70 triệu đồng so với thu nhập bình quân của tỉnh là 65 triệu đồng.",
        "65 triệu đồng",
        "subject",
        None,
    ),
    ("Xã An Phú là một trong 03 đơn vị được chọn làm điểm.", "03", "subject", None),
    # rules added after scoring real articles the rules had never seen (docs/extraction.md)
    # a place named with a number; a merged unit "(cũ)" speaks for its own sentence only
    ("Đảng bộ xã Bình Minh 2 có 210 đảng viên.", "210", "subject", "xã Bình Minh 2"),
    (
        "Đảng bộ phường Hòa Lạc có 420 đảng viên. Đảng bộ xã Đông Lâm (cũ) có 9/9 chỉ tiêu đạt. "
        "Năm 2020 tỷ lệ hộ nghèo còn 1,2%.",
        "1,2%",
        "subject",
        "phường Hòa Lạc",
    ),
    (
        "Đảng bộ phường Hòa Lạc có 420 đảng viên. Đảng bộ xã Đông Lâm (cũ) có 9/9 chỉ tiêu đạt.",
        "9/9",
        "subject",
        "xã Đông Lâm",
    ),
    # the noun after a percentage stops at "và"; "phi nông nghiệp" is not agriculture
    (
        "Cơ cấu kinh tế: dịch vụ 45%, công nghiệp - tiểu thủ công nghiệp 38% và nông nghiệp 17%.",
        "38%",
        "indicator",
        "economy_share_industry",
    ),
    ("Lao động phi nông nghiệp chiếm 64,5%.", "64,5%", "indicator", None),
    ("Nông - lâm nghiệp chiếm 72%, dịch vụ chiếm 28%.", "72%", "indicator", "economy_share_agriculture"),
    # a rate's change is not the rate; nor is a change of an amount
    ("Tỷ lệ hộ nghèo còn 3,2%, bình quân mỗi năm giảm 1,1%.", "1,1%", "indicator", None),
    ("Tỷ lệ hộ nghèo còn 3,2%, bình quân mỗi năm giảm 1,1%.", "3,2%", "indicator", "poverty_rate"),
    ("Giá trị nông nghiệp tăng 4,2%, dịch vụ chiếm 30%.", "4,2%", "indicator", None),
    ("Thu nhập bình quân đầu người đạt 48 triệu đồng, tăng 6 triệu đồng.", "6 triệu đồng", "indicator", None),
    ("Giảm tỷ suất sinh 0,2‰/năm.", "0,2‰/năm", "indicator", None),
    # the growth of a level named with no figure of its own
    (
        "Tổng giá trị sản xuất tăng bình quân hằng năm 11,5%.",
        "11,5%",
        "indicator",
        "production_growth_rate",
    ),
    # a yield per hectare is not the total
    ("Giá trị sản xuất trên 1 ha đất canh tác đạt 150 triệu đồng/ha.", "150 triệu đồng/ha", "indicator", None),
    # the seats of an elected committee are not the Party's members, and serve the new term
    (
        "Đại hội Đảng bộ xã Tân Lập nhiệm kỳ 2020-2025. Đại hội đã bầu Ban Chấp hành gồm 17 đồng chí.",
        "17",
        "indicator",
        None,
    ),
    (
        "Kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ 2015-2020 của xã Tân Lập. Đại hội đã bầu Ban Chấp hành "
        "khóa mới gồm 17 đồng chí.",
        "17",
        "year",
        "2020-2025",
    ),
    ("Toàn Đảng bộ nâng tổng số đảng viên lên 215 đồng chí.", "215", "indicator", "party_members"),
    # a rating's members; parts of a total after "trong đó", past figures of other things
    ("Có 31 đảng viên HTXSNV, 190 đảng viên HTTNV.", "31", "indicator", None),
    (
        "Đảng bộ có 15 chi bộ với 402 đảng viên, trong đó có 11 chi bộ khu dân cư, 4 chi bộ cơ quan.",
        "11",
        "indicator",
        None,
    ),
    (
        "Đảng bộ có 15 chi bộ với 402 đảng viên, trong đó có 11 chi bộ khu dân cư, 4 chi bộ cơ quan.",
        "15",
        "indicator",
        "party_branches",
    ),
    # achievements: "=", "cao hơn", "tăng hơn"; "chỉ tiêu giao" after a figure; quota rates
    ("Thu ngân sách 9,2 tỷ đồng = 104,5% KH.", "104,5%", "role", "achievement"),
    ("Thu ngân sách 9,2 tỷ đồng = 104,5% KH.", "9,2 tỷ đồng", "claim", "đạt"),
    ("Mỗi năm giảm 2,4% (cao hơn 0,4% so với Nghị quyết).", "0,4%", "claim", "vượt"),
    ("Kết nạp được 22/20 đảng viên, đạt 110% chỉ tiêu giao.", "110%", "role", "achievement"),
    ("Kết nạp được 22/20 đảng viên, đạt 110% chỉ tiêu giao.", "22/20", "claim", "đạt"),
    ("Gọi công dân nhập ngũ hằng năm đạt 100% chỉ tiêu.", "100%", "indicator", "military_recruitment_rate"),
    ("Gọi công dân nhập ngũ hằng năm đạt 100% chỉ tiêu.", "100%", "role", "actual"),
    ("Hoàn thành 100% chỉ tiêu giao quân.", "100%", "claim", "đạt"),
    ("Thu ngân sách vượt 12% so với nghị quyết.", "12%", "indicator", "budget_revenue"),
    # "vượt X so với chỉ tiêu" in the figure's own unit; a count of targets claims nothing itself
    ("Trồng mới 40 ha rừng (vượt 10 ha so với chỉ tiêu Nghị quyết).", "40 ha", "claim", "vượt"),
    ("Trồng mới 40 ha rừng (vượt 10 ha so với chỉ tiêu Nghị quyết).", "10 ha", "indicator", None),
    ("Có 16 chỉ tiêu đạt và vượt kế hoạch.", "16", "claim", None),
    # plans: "đề ra chỉ tiêu:", a term opening the clause; a year opening a clause
    (
        "Nhiệm kỳ 2020 – 2025, Đảng bộ xã đề ra chỉ tiêu: thu nhập bình quân đạt 60 triệu đồng; "
        "kết nạp từ 25 - 30 đảng viên.",
        "25 - 30",
        "role",
        "target",
    ),
    (
        "Nhiệm kỳ 2020 – 2025, Đảng bộ xã đề ra chỉ tiêu: thu nhập bình quân đạt 60 triệu đồng; "
        "kết nạp từ 25 - 30 đảng viên.",
        "60 triệu đồng",
        "year",
        "2020-2025",
    ),
    (
        "Đại hội thông qua nghị quyết nhiệm kỳ mới với một số chỉ tiêu chủ yếu: thu ngân sách tăng bình quân "
        "8-10%/năm.",
        "8-10%/năm",
        "role",
        "target",
    ),
    ("Kết quả là trong năm 2022, diện tích lúa đạt 60 ha; ngô 35 ha.", "35 ha", "year", "2022"),
    ("Trong 6 tháng đầu năm 2023, phường kết nạp 4 đảng viên.", "4", "year", "2023"),
    (
        "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2023.\n"
        "Phường đã vận động 900 lượt người tham gia.",
        "900",
        "year",
        "2023",
    ),
    # "N hộ, chiếm X%": the share takes the rate named before the count
    ("Tỷ lệ hộ nghèo đến nay còn 96 hộ, chiếm 2,4%.", "96", "indicator", "poor_households"),
    ("Tỷ lệ hộ nghèo đến nay còn 96 hộ, chiếm 2,4%.", "2,4%", "indicator", "poverty_rate"),
    # "X tỷ đồng, đạt Y%": the share of the plan; a target stated as "nghị quyết đề ra là"
    ("Tổng thu ngân sách là 21 tỷ đồng, đạt 104,2%, tăng 9% so với cùng kỳ.", "104,2%", "role", "achievement"),
    ("Tổng thu ngân sách là 21 tỷ đồng, đạt 104,2%, tăng 9% so với cùng kỳ.", "104,2%", "indicator", "budget_revenue"),
    ("Diện tích gieo trồng đạt 1.250 ha, đạt 98%;", "98%", "role", "achievement"),
    (
        "Giá trị sản xuất tăng bình quân hàng năm 14,1%, nghị quyết đề ra là 10%.",
        "10%",
        "indicator",
        "production_growth_rate",
    ),
    ("Giá trị sản xuất tăng bình quân hàng năm 14,1%, nghị quyết đề ra là 10%.", "10%", "role", "target"),
    # an achievement belongs to the level, past the change written between them
    (
        "Thu nhập bình quân đầu người đạt 55 triệu đồng, tăng 12 triệu đồng so với đầu nhiệm kỳ, "
        "đạt 91% so với nghị quyết.",
        "91%",
        "indicator",
        "income_per_capita",
    ),
    # a plan belongs to the next term even where no year is written next to it
    (
        "Đại hội Đảng bộ xã Ea Tam nhiệm kỳ 2025-2030. Đại hội đã đề ra các mục tiêu phấn đấu trong "
        "nhiệm kỳ 2025-2030 như: tổng thu ngân sách đạt 120 tỷ đồng; tỷ lệ hộ nghèo giảm còn 1,5%.",
        "1,5%",
        "year",
        "2025-2030",
    ),
    (
        "Đại hội thông qua các chỉ tiêu chủ yếu trong nhiệm kỳ 2020 - 2025: thu nhập bình quân đầu người "
        "đạt 70 triệu đồng.",
        "70 triệu đồng",
        "role",
        "target",
    ),
    # "N năm" before the figure of another thing frames its period
    ("Tổng thu ngân sách trên địa bàn 5 năm đạt hơn 40 tỷ đồng.", "40 tỷ đồng", "indicator", "budget_revenue"),
    ("Đảng bộ có 412 đảng viên của 21 tổ chức cơ sở đảng.", "21", "indicator", "party_branches"),
    # "đại diện cho", "sinh hoạt tại" state the stock; a four-digit count before its noun is no year
    ("Có 150 đại biểu đại diện cho 980 đảng viên của Đảng bộ.", "980", "indicator", "party_members"),
    ("Đảng bộ có 310 đảng viên, sinh hoạt tại 11 chi bộ.", "11", "indicator", "party_branches"),
    ("Giải quyết việc làm cho 1950 lao động.", "1950", "indicator", "jobs_created"),
    # a half-year review dates its figures
    (
        "Kỳ họp thứ 9 HĐND xã khóa XXI, nhiệm kỳ 2016 – 2021 đánh giá tình hình 6 tháng đầu năm 2020.\n"
        "Tổng giá trị sản xuất ước đạt 120 tỷ đồng.",
        "120 tỷ đồng",
        "year",
        "2020",
    ),
    # targets the congress sets for the term ahead; dated at its end, they are the term's
    (
        "Đại hội Đảng bộ phường lần thứ XII, nhiệm kỳ 2025-2030.\nNhiệm kỳ 2025-2030, phường đề ra 25 chỉ tiêu, "
        "trong đó tỷ lệ hộ nghèo dưới 0,5%; thu nhập bình quân đầu người đến năm 2030 đạt 150 triệu đồng.",
        "0,5%",
        "role",
        "target",
    ),
    (
        "Đại hội Đảng bộ phường lần thứ XII, nhiệm kỳ 2025-2030.\nNhiệm kỳ 2025-2030, phường đề ra 25 chỉ tiêu, "
        "trong đó tỷ lệ hộ nghèo dưới 0,5%; thu nhập bình quân đầu người đến năm 2030 đạt 150 triệu đồng.",
        "150 triệu đồng",
        "year",
        "2025-2030",
    ),
    ("Nghị quyết đề ra 15 chỉ tiêu, đến nay đã đạt 12 chỉ tiêu.", "12", "role", "actual"),
    # of two successive terms, the article reviews the earlier
    (
        "Nhiệm kỳ 2025 - 2030, Đảng bộ xã phấn đấu thu nhập bình quân đầu người đạt 60 triệu đồng.\n"
        "Kết quả đạt được trong nhiệm kỳ 2020-2025: Đảng bộ đã kết nạp 80 đảng viên.",
        "80",
        "year",
        "2020-2025",
    ),
    ("Năm 2023, Đảng bộ xã đã kết nạp 9 đảng viên mới.\nToàn xã có 98% hộ tham gia BHYT.", "98%", "year", "2023"),
    # a range of money that repeats its scale; growth of a level with a hedge; a change of an amount
    (
        "Thu nhập bình quân từ 120 triệu đến 130 triệu đồng/người/năm.",
        "120 triệu đến 130 triệu đồng/người/năm",
        "unit",
        "VND",
    ),
    ("Thu ngân sách hàng năm tăng trên 11%.", "11%", "indicator", "budget_revenue_growth_rate"),
    ("Thu nhập bình quân đầu người hằng năm tăng trên 3 triệu đồng.", "3 triệu đồng", "indicator", None),
    ("Nâng tổng số đảng viên trong toàn Đảng bộ lên 366 người.", "366", "indicator", "party_members"),
    ("Đảng bộ có 1.021 đảng viên ở 45 cơ sở đảng trực thuộc.", "45", "indicator", "party_branches"),
    # "người" counts people of any kind; a rate over "đầu nhiệm kỳ … đến nay"; a hedged baseline
    ("Phường có diện tích 5,2 km2; dân số 21.400 người.", "21.400", "indicator", "population"),
    (
        "Tỷ lệ hộ nghèo từ trên 41% đầu nhiệm kỳ đến nay giảm xuống còn trên 28%.",
        "28%",
        "indicator",
        "poverty_rate",
    ),
    ("Tỷ lệ hộ nghèo từ trên 41% đầu nhiệm kỳ đến nay giảm xuống còn trên 28%.", "41%", "role", "baseline"),
    (
        "Phấn đấu tốc độ tăng tổng giá trị sản phẩm trên địa bàn bình quân hằng năm 9%/năm.",
        "9%/năm",
        "indicator",
        "grdp_growth_rate",
    ),
    # a mid-term review reviews the term under way
    (
        "Đảng ủy phường tổ chức sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội nhiệm kỳ 2020 - 2025.\n"
        "Đảng bộ kết nạp 41 đảng viên.",
        "41",
        "year",
        "2020-2025",
    ),
    # a sentence opening with the term ahead plans; so does a numbered list a plan's colon opens
    (
        "Đại hội Đảng bộ phường lần thứ XI, nhiệm kỳ 2015-2020.\nNhiệm kỳ 2015-2020, Đảng bộ phường tập trung "
        "hoàn thành các chỉ tiêu cơ bản, cụ thể, thu nhập bình quân đầu người đạt 60 triệu đồng/năm.",
        "60 triệu đồng/năm",
        "role",
        "target",
    ),
    (
        "Hội nghị quán triệt Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2020-2025.\nVề phương hướng, Nghị quyết "
        "nêu cụ thể 12 chỉ tiêu chủ yếu đó là: (1) Thu ngân sách tăng bình quân 10%/năm. (2) Tỷ lệ hộ nghèo "
        "dưới 1%.",
        "1%",
        "role",
        "target",
    ),
    (
        "Đại hội Đảng bộ xã nhiệm kỳ 2020-2025 đề ra 3 khâu đột phá và 15 chỉ tiêu chủ yếu.",
        "15",
        "role",
        "actual",
    ),
    # a yearly average and an earlier value in brackets continue the figure before
    (
        "Tổng thu ngân sách 5 năm đạt 98,5 tỷ đồng, bình quân 19,7 tỷ đồng/năm.",
        "19,7 tỷ đồng/năm",
        "indicator",
        "budget_revenue",
    ),
    ("Tỷ lệ hộ nghèo cuối năm 2019 còn 0,9% (năm 2015 là 5,1%).", "5,1%", "indicator", "poverty_rate"),
    # the share of the poor households is the poverty rate; "đạt 135,7% xã giao" met the plan
    ("Toàn xã có 1.209 hộ, trong đó: hộ nghèo: 85 hộ chiếm 7,03%.", "7,03%", "indicator", "poverty_rate"),
    ("Thu ngân sách nhà nước đạt 135,7% xã giao.", "135,7%", "role", "achievement"),
    ("Thu ngân sách nhà nước đạt 135,7% xã giao.", "135,7%", "indicator", "budget_revenue"),
    # an achievement speaks for its figure and that figure's growth, not for figures of other things
    (
        "Giải quyết việc làm cho 320 lao động, tỷ lệ lao động qua đào tạo đạt 75%, đạt 102% chỉ tiêu nghị quyết.",
        "320",
        "claim",
        None,
    ),
    (
        "Giải quyết việc làm cho 320 lao động, tỷ lệ lao động qua đào tạo đạt 75%, đạt 102% chỉ tiêu nghị quyết.",
        "75%",
        "claim",
        "đạt",
    ),
    (
        "Thu ngân sách đạt 36 tỷ đồng, tăng 8% so với cùng kỳ, đạt 112% kế hoạch.",
        "36 tỷ đồng",
        "claim",
        "đạt",
    ),
    # "bằng X% kế hoạch" states a ratio, no verdict; a plan's "đạt 100% kế hoạch giao" is its target
    ("Thu ngân sách phường 25 tỷ đồng, bằng 208% kế hoạch.", "208%", "claim", None),
    (
        "Năm 2026, phường phấn đấu tỷ lệ giải ngân vốn đầu tư công đạt 100% kế hoạch giao.",
        "100%",
        "role",
        "target",
    ),
    # the members given the Party badge, not a tier's share of them
    ("Tại buổi lễ, 9 đảng viên vinh dự được nhận Huy hiệu Đảng.", "9", "indicator", "party_badges"),
    ("Trong đó, 3 đảng viên nhận Huy hiệu 60 năm tuổi Đảng.", "3", "indicator", None),
    # the parts of a total may follow a ";"
    (
        "Đảng bộ có tổng số 540 đảng viên; trong đó có 512 đảng viên chính thức, 28 đảng viên dự bị.",
        "512",
        "indicator",
        None,
    ),
    # "tỉ lệ", "tỉ trọng" are "tỷ lệ", "tỷ trọng" spelled the other accepted way
    ("Tỉ lệ hộ nghèo giảm còn 1,9%.", "1,9%", "indicator", "poverty_rate"),
    ("Tỉ lệ hộ nghèo giảm từ 6,2% xuống còn 1,9%.", "6,2%", "role", "baseline"),
    ("Tỉ lệ hộ nghèo giảm từ 6,2% xuống còn 1,9%.", "6,2%", "indicator", "poverty_rate"),
    # an achievement hedged: "đạt trên 104% kế hoạch"
    ("Sản lượng lương thực đạt trên 104% KH.", "104%", "role", "achievement"),
    ("Thu ngân sách đạt gần 160% dự toán.", "160%", "role", "achievement"),
    # the share of a count: "X hộ, tỷ lệ Y%", "số hộ nghèo chiếm Y%"
    ("Cuối năm, tổng số hộ nghèo là 40 hộ, tỷ lệ 3,2%.", "3,2%", "indicator", "poverty_rate"),
    ("Số hộ cận nghèo 25 hộ, tỉ lệ 2,05%.", "2,05%", "indicator", "near_poverty_rate"),
    ("Hiện nay số hộ nghèo chiếm 1,75% tổng số hộ.", "1,75%", "indicator", "poverty_rate"),
    ("Toàn xã còn 12 hộ nghèo và 31 hộ cận nghèo.", "31", "indicator", "near_poor_households"),
    # "giảm được 5 hộ nghèo" is a change, not the number of poor households
    ("Trong năm đã giảm được 5 hộ nghèo.", "5", "indicator", None),
    # delegates "tiêu biểu cho" the members state how many members there are
    ("Dự đại hội có 95 đại biểu tiêu biểu cho 610 đảng viên.", "610", "indicator", "party_members"),
    # those admitted, counted as the masses they were
    ("Năm qua, Đảng bộ kết nạp 14 quần chúng ưu tú vào Đảng.", "14", "indicator", "party_members_admitted"),
    # a count of committees is no count of years
    ("Có 4 đảng bộ hoàn thành xuất sắc nhiệm vụ.", "4", "indicator", None),
    # members given badges of several tiers are the members given the badge
    ("Đảng bộ có 6 đảng viên nhận các Huy hiệu 30, 40 và 50 năm tuổi Đảng.", "6", "indicator", "party_badges"),
    # the members who are delegates are not the committee's members
    ("Đại hội có 130 đảng viên tiêu biểu đại diện cho 702 đảng viên.", "130", "indicator", None),
    ("Đại hội có 130 đảng viên tiêu biểu đại diện cho 702 đảng viên.", "702", "indicator", "party_members"),
    # the parts after "trong đó", past the achievement between them and their total
    (
        "Năm nay kết nạp được 7 đảng viên mới, đạt 100% kế hoạch, trong đó có 4 đảng viên ở thôn,"
        " 3 đảng viên ở trường.",
        "4",
        "indicator",
        None,
    ),
    # an act in another clause does not govern a count after "cho"
    ("Chi bộ cử 2 đồng chí dự lớp bồi dưỡng đảng viên mới, xét chính thức cho 3 đảng viên.", "3", "indicator", None),
    # a figure to reach by a year after the reviewed period is a target
    (
        "Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025 thông qua 14 chỉ tiêu. Cụ thể, thu nhập bình quân đầu người"
        " đến năm 2025 đạt 75 triệu đồng/người/năm.",
        "75 triệu đồng/người/năm",
        "role",
        "target",
    ),
    # the same figure later: "đến năm 2014 tăng lên …"
    (
        "Tổng giá trị sản xuất năm 2016 đạt 61 tỷ đồng, đến năm 2019 tăng lên 97,5 tỷ đồng.",
        "97,5 tỷ đồng",
        "indicator",
        "production_value_total",
    ),
    # tone marks placed the old way ("hoà", "thuỷ") match the catalog's "hòa", "thủy"
    ("Tỷ lệ khu dân cư văn hoá đạt 91,5%.", "91,5%", "indicator", "cultural_residential_group_rate"),
    ("Tỷ trọng nông - lâm - thuỷ sản chiếm 31%.", "31%", "indicator", "economy_share_agriculture"),
    # value added per head is not income per head
    ("Giá trị gia tăng bình quân đầu người đạt 98 triệu đồng/năm.", "98 triệu đồng/năm", "indicator", None),
    (
        "Tỷ lệ tổ chức đảng trực thuộc hoàn thành tốt nhiệm vụ trở lên đạt 95%.",
        "95%",
        "indicator",
        "branches_good_or_better_rate",
    ),
    # a phrase closed by a comma does not govern the count after it
    (
        "Có 90% hộ đạt danh hiệu gia đình văn hóa, 5/5 thôn giữ vững danh hiệu thôn văn hóa.",
        "5/5",
        "indicator",
        "cultural_residential_group_rate",
    ),
    # the same figure in a later year: "…, năm 2019 đạt …"
    (
        "Giá trị sản xuất năm 2015 đạt 120 tỷ đồng, năm 2019 đạt 210 tỷ đồng.",
        "210 tỷ đồng",
        "indicator",
        "production_value_total",
    ),
    # "đến nay" after a year brings the figure back to the period reviewed; "từ năm X đến nay" does not
    (
        "Tổng kết công tác năm 2021. Năm 2017, phường có 52 hộ nghèo, đến nay còn 6 hộ nghèo.",
        "6",
        "year",
        "2021",
    ),
    ("Tổng kết năm 2022. Từ đầu năm 2021 đến nay, xã kết nạp 8 đảng viên.", "8", "year", "2021"),
    # the badges of several tiers given "cho" the members
    ("Đảng ủy trao Huy hiệu 30, 40 và 50 năm tuổi Đảng cho 12 đảng viên.", "12", "indicator", "party_badges"),
    # the badges of a list of tiers are all the badges given
    ("Xã có 30 đảng viên được trao Huy hiệu 40, 50 năm tuổi Đảng.", "30", "indicator", "party_badges"),
    # parts of a total in the next sentence, after "Trong đó,"
    (
        "Năm nay có 30 đảng viên được trao Huy hiệu Đảng. Trong đó, có 4 đảng viên 60 năm tuổi Đảng,"
        " 26 đảng viên 40 năm tuổi Đảng.",
        "4",
        "indicator",
        None,
    ),
    # a sector's production value is a part of the total, not the total
    (
        "Trong đó, giá trị sản xuất tiểu thủ công nghiệp đạt 41,5 tỷ đồng, tăng 4,2%.",
        "41,5 tỷ đồng",
        "indicator",
        None,
    ),
    ("Giá trị sản xuất toàn xã đạt 410 tỷ đồng.", "410 tỷ đồng", "indicator", "production_value_total"),
    # "đạt tỷ lệ 174% so với dự toán" is an achievement
    ("Thu ngân sách trên 20 tỷ đồng, đạt tỷ lệ 174% so với dự toán.", "174%", "role", "achievement"),
    # members "đang sinh hoạt đảng tại" branches: the branches are the stock
    (
        "Đảng bộ có 310 đồng chí đang sinh hoạt đảng tại 14 chi bộ trực thuộc.",
        "14",
        "indicator",
        "party_branches",
    ),
    ("Tổng số đảng viên hiện có là 310 đồng chí.", "310", "indicator", "party_members"),
    # the organisations a committee counts, by their five-word name, and those rated excellent
    ("Đảng bộ có 12 tổ chức cơ sở đảng.", "12", "counted", "tổ chức cơ sở đảng"),
    (
        "Năm nay có 5 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ.",
        "5",
        "indicator",
        "branches_excellent",
    ),
    # a council's own term does not say which year its session reviews
    (
        "Kỳ họp thứ 9 HĐND xã An Phú khóa XII nhiệm kỳ 2021 - 2026.\nDự kỳ họp có 25 đại biểu HĐND xã."
        "\nNăm 2023, thu ngân sách xã đạt 8,2 tỷ đồng.",
        "25",
        "year",
        "2023",
    ),
    # implementing the resolution of a congress: the term under way, not the one before it
    (
        "Đến nay, phường đã vượt so với Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2020 - 2025 về thu ngân sách,"
        " đạt 16 tỷ đồng.",
        "16 tỷ đồng",
        "year",
        "2020-2025",
    ),
    # news that names no period is of the year it is dated
    (
        "Ngày 03/02/2024, Đảng ủy phường Tân Lập trao Huy hiệu Đảng cho 18 đảng viên.",
        "18",
        "year",
        "2024",
    ),
    # a list of next year's targets after "với một số chỉ tiêu cơ bản như:"
    (
        "Tổng kết năm 2023. Hội nghị thống nhất các chỉ tiêu năm 2024 với một số chỉ tiêu cơ bản như:"
        " thu nhập bình quân đầu người đạt 61 triệu đồng/người/năm, tỷ lệ hộ nghèo giảm còn 1,1%.",
        "1,1%",
        "role",
        "target",
    ),
    # a half-year review plans the rest of its own year
    (
        "Sơ kết 6 tháng đầu năm 2024.\nPhương hướng 6 tháng cuối năm, phấn đấu thu ngân sách đạt 5 tỷ đồng.",
        "5 tỷ đồng",
        "year",
        "2024",
    ),
    # "cận nghèo" elided from "tỷ lệ hộ cận nghèo" in a list
    (
        "Hộ nghèo giảm từ 3,1% xuống còn 0,5%; cận nghèo từ 4,2% xuống còn 1,8%.",
        "1,8%",
        "indicator",
        "near_poverty_rate",
    ),
    # a noun phrase that states a count ("số hộ cận nghèo") only where the text states a stock
    (
        "Tặng quà cho 120 hộ nghèo với tổng số tiền 60.000.000 đồng, 15 hộ cận nghèo tổng số tiền 6.000.000 đồng.",
        "15",
        "indicator",
        None,
    ),
    ("Tỷ lệ thôn đạt chuẩn văn hóa là 90%.", "90%", "indicator", "cultural_residential_group_rate"),
    # a verdict on the targets its own clause names does not speak for the figures before it
    (
        "Năm qua, 100% đảng viên được học tập nghị quyết, nhiều chỉ tiêu kinh tế đạt và vượt kế hoạch.",
        "100%",
        "claim",
        None,
    ),
    # "Khóa XI" after "HĐND xã" is the council's term, not a commune's name
    ("Kỳ họp HĐND xã Khóa XI.\nNăm 2017, thu ngân sách đạt 4 tỷ đồng.", "4 tỷ đồng", "subject", None),
    # a congress "khóa 2015 – 2020" reviews the term before
    (
        "Đại hội Đảng bộ phường An Lạc lần thứ X khóa 2015 – 2020.\nThu ngân sách đạt 9 tỷ đồng.",
        "9 tỷ đồng",
        "year",
        "2010-2015",
    ),
    # a term in brackets opening the clause
    (
        "Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025. Trong nhiệm kỳ (2020 - 2025), Đảng bộ đề ra 12 mục tiêu.",
        "12",
        "year",
        "2020-2025",
    ),
    # members "sinh hoạt ở" branches after a comma; "chi, đảng bộ" are "chi bộ, đảng bộ"
    ("Xã có 328 đảng viên, sinh hoạt ở 14 chi bộ.", "14", "indicator", "party_branches"),
    ("Hiện Đảng bộ có 52 chi, đảng bộ trực thuộc.", "52", "indicator", "party_branches"),
    # masses are admitted "vào Đảng"; not while their papers are prepared
    ("Đảng ủy đang hướng dẫn thủ tục kết nạp 7 quần chúng ưu tú.", "7", "indicator", None),
    # "triệu tập" convenes: "Phường 4 triệu tập 130 đại biểu" has no 4 million
    ("Đảng bộ Phường 4 triệu tập 130 đại biểu.", "130", "counted", "đại biểu"),
    # a year right after a figure is that figure's, not the next one's
    (
        "Tổng kết năm 2020. Tỷ lệ hộ nghèo từ 4,1% năm 2016 đã giảm xuống còn 1,2%.",
        "1,2%",
        "year",
        "2020",
    ),
    ("Tổng kết năm 2020. Tỷ lệ hộ nghèo từ 4,1% năm 2016 đã giảm xuống còn 1,2%.", "1,2%", "indicator", "poverty_rate"),
    ("Năm 2023, doanh thu đạt 105% năm 2022 và 61% trong 6 tháng đầu năm 2023.", "105%", "year", "2022"),
    # "nâng tổng số … lên" states the stock
    ("Kết nạp 17 đảng viên, nâng tổng số toàn Đảng bộ lên 226 đảng viên.", "226", "indicator", "party_members"),
    # "tăng <level> bình quân hằng năm đạt X%": the level's growth
    (
        "Phấn đấu tăng tổng thu ngân sách trên địa bàn bình quân hằng năm đạt 9%.",
        "9%",
        "indicator",
        "budget_revenue_growth_rate",
    ),
    # a congress named first opens its term, though its action plan "thực hiện Nghị quyết" of that term
    (
        "Ngày 20/8/2025, Đại hội Đảng bộ xã Yên Hòa nhiệm kỳ 2025-2030 đề ra chương trình hành động thực hiện"
        " Nghị quyết Đại hội nhiệm kỳ 2025-2030.\nĐại hội có 150 đại biểu dự.",
        "150",
        "year",
        "2020-2025",
    ),
    # a council session's own term ("kỳ họp thứ tư nhiệm kỳ 2021 - 2026"): the period is the session's date
    (
        "Ngày 28/6/2023, HĐND xã Tân Lập tổ chức kỳ họp thứ sáu nhiệm kỳ 2021 - 2026.\n"
        "Thu ngân sách 6 tháng đạt 3,1 tỷ đồng.",
        "3,1 tỷ đồng",
        "year",
        "2023",
    ),
    # a number with a decimal after "xã" is no commune's name
    (
        "Xã Tân Lập thu ngân sách đạt 120% so với nghị quyết HĐND xã 135,2% so với kế hoạch.",
        "135,2%",
        "subject",
        "xã Tân Lập",
    ),
    # "hiện chỉ còn" a count now, its share, and their year: the period reviewed
    (
        "Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025. Cuối năm 2019, số hộ nghèo hiện chỉ còn 38 hộ, chiếm tỷ lệ 1,2%.",
        "38",
        "indicator",
        "poor_households",
    ),
    (
        "Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025. Cuối năm 2019, số hộ nghèo hiện chỉ còn 38 hộ, chiếm tỷ lệ 1,2%.",
        "1,2%",
        "year",
        "2015-2020",
    ),
    ("Công tác an sinh góp phần giảm hộ nghèo xuống còn 1,05%.", "1,05%", "indicator", "poverty_rate"),
    # "thay mặt cho" the members, like "đại diện cho"
    ("Có 210 đại biểu thay mặt cho 1.320 đảng viên dự đại hội.", "1.320", "indicator", "party_members"),
    # the branches of one rating are not the stock of branches
    ("Đánh giá chất lượng năm 2018 có: 31 chi bộ đạt trong sạch vững mạnh.", "31", "indicator", None),
    # a count in brackets after a poverty rate is the count of poor households
    ("Tỷ lệ hộ nghèo cuối năm là 0,42% (07 hộ).", "07", "indicator", "poor_households"),
    # a paragraph that opens with a plan goes on with it
    (
        "Mục tiêu năm 2024, xã phấn đấu tổng thu nhập đạt 600 tỷ đồng. Thu nhập bình quân đạt 60 triệu đồng/người/năm.",
        "60 triệu đồng/người/năm",
        "role",
        "target",
    ),
    # "nhiệm kì" is "nhiệm kỳ"
    (
        "Đại hội Đảng bộ thị trấn nhiệm kì 2015 – 2020.\nTốc độ tăng trưởng bình quân đạt 12,5%.",
        "12,5%",
        "year",
        "2010-2015",
    ),
    # a sentence opening with "Trong đó" holds the parts of the total before it
    (
        "Xã có 6 đồng chí được trao Huy hiệu Đảng. Trong đó 50 năm tuổi đảng có 2 đồng chí, 40 năm tuổi"
        " đảng có 4 đồng chí.",
        "2",
        "indicator",
        None,
    ),
    ("Thu hút đầu tư trong năm đạt 12,4 tỷ đồng.", "12,4 tỷ đồng", "indicator", "investment_total"),
    # a person's name after a unit's name is not part of it
    (
        "Chủ tịch HĐND phường Tân An Nguyễn Văn Bình cho biết thu ngân sách đạt 9 tỷ đồng.",
        "9 tỷ đồng",
        "subject",
        "phường Tân An",
    ),
    # "mục tiêu tăng …", "đặt mục tiêu": targets
    ("Đáng chú ý là mục tiêu tăng thu ngân sách bình quân hằng năm 8-9%.", "8-9%", "role", "target"),
    ("Tỷ lệ lao động có việc làm qua đào tạo 72%.", "72%", "indicator", "vocational_training_rate"),
    # the share of a named count, after another figure in the clause
    (
        "Thu nhập bình quân đạt 41 triệu đồng, hộ nghèo chỉ còn dưới 1%.",
        "1%",
        "indicator",
        "poverty_rate",
    ),
    # a total's value per head is not the total
    ("Giá trị sản xuất bình quân đầu người gần 39 triệu đồng.", "39 triệu đồng", "indicator", None),
    # a change "so với" after the count
    ("Xã đạt 15/19 tiêu chí nông thôn mới, tăng 8 tiêu chí so với đầu nhiệm kỳ.", "8", "indicator", None),
    # the synonym ending last wins, though it overlaps a longer one before it
    (
        "Tổng thu ngân sách địa phương giai đoạn 2015 - 2020 ước đạt 63,3 tỷ đồng.",
        "63,3 tỷ đồng",
        "indicator",
        "budget_revenue_local",
    ),
    ("Tổng thu ngân sách 6 tháng đạt tỷ lệ là 62,4% so với dự toán.", "62,4%", "role", "achievement"),
    # the term in a congress's name is not the period of the figures counted at it
    (
        "Ngày 12/8/2025, Đại hội đại biểu Đảng bộ xã An Hòa lần thứ I, nhiệm kỳ 2025–2030, với sự tham gia"
        " của 140 đại biểu, đại diện cho 980 đảng viên.",
        "980",
        "year",
        "2020-2025",
    ),
    (
        "Ngày 12/8/2025, Đại hội đại biểu Đảng bộ xã An Hòa lần thứ I, nhiệm kỳ 2025–2030, với sự tham gia"
        " của 140 đại biểu, đại diện cho 980 đảng viên.",
        "980",
        "role",
        "actual",
    ),
    # a congress sentence with a date written with a dot
    (
        "Đại hội Đảng bộ xã Tân Hà diễn ra ngày 22.5 đã bầu Ban Chấp hành khóa X, nhiệm kỳ 2020 - 2025."
        "\nNhiệm kỳ qua, thu ngân sách đạt 5 tỷ đồng.",
        "5 tỷ đồng",
        "year",
        "2015-2020",
    ),
    # a session "đánh giá … năm 2017" reviews that year, though dated in the next
    (
        "Ngày 10/01/2018, HĐND xã Mỹ Hòa tổ chức kỳ họp đánh giá nhiệm vụ năm 2017.\nThu ngân sách đạt 2 tỷ đồng.",
        "2 tỷ đồng",
        "year",
        "2017",
    ),
    ("Tỷ lệ tổ chức đảng đạt 100% (mục tiêu đại hội là 90%).", "90%", "role", "target"),
    ("Giá trị sản xuất TTCN đạt 16 tỷ đồng.", "16 tỷ đồng", "indicator", None),
    # a share of the workforce is not a share of the economy
    ("Tỷ lệ lao động trong nông nghiệp chiếm 48%.", "48%", "indicator", None),
    # the target in brackets after the result it was set for
    ("Giá trị sản xuất tăng 9,2% (Nghị quyết tăng 7%).", "7%", "role", "target"),
    ("Giá trị sản xuất tăng 9,2% (Nghị quyết tăng 7%).", "7%", "indicator", "production_growth_rate"),
    # "so dự toán" is "so với dự toán"
    ("Thu ngân sách cả năm đạt 121% so dự toán.", "121%", "role", "achievement"),
    # after the achievement, the growth of the level it belongs to
    (
        "Tổng thu ngân sách là 38 tỷ đồng, đạt 115% dự toán, tăng 12% so với cùng kỳ.",
        "12%",
        "indicator",
        "budget_revenue_growth_rate",
    ),
]


@pytest.mark.parametrize("text,figure,field,expected", ROWS)
def test_context(text, figure, field, expected):
    got = facts(text)
    assert figure in got, list(got)
    assert got[figure][field] == expected, got[figure]


def test_years_framing_a_period_are_not_counted():
    assert "5" not in facts("Tổng thu ngân sách trên địa bàn 5 năm đạt hơn 40 tỷ đồng.")


def test_subject_switches_by_paragraph():
    text = (
        "Đảng bộ phường 2 và xã Tân Hòa sơ kết giữa nhiệm kỳ.\n"
        "Đảng bộ phường 2 đã kết nạp 12 đảng viên.\n"
        "Đảng bộ xã Tân Hòa có 450 đảng viên.\n"
    )
    got = facts(text)
    assert got["12"]["subject"] == "phường 2"
    assert got["450"]["subject"] == "xã Tân Hòa"


def test_plans_belong_to_the_next_term():
    text = (
        "Thực hiện Nghị quyết Đại hội nhiệm kỳ 2015-2020, phường đã kết nạp 43 đảng viên.\n"
        "Giai đoạn tới, Đảng bộ xác định 3 nhiệm vụ đột phá.\n"
    )
    got = facts(text)
    assert got["43"]["year"] == "2015-2020"
    assert got["3"]["year"] == "2020-2025"
