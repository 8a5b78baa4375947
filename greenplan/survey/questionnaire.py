"""The ready-made green-jobs questionnaire (seed item 4.1), as data.

Its themes are those of real green-jobs surveys (docs in ../shared/domain/README.md): the
current job and its exposure to change, awareness of green growth, interest in and needs for
green-skill training, willingness to retrain, worries about income or job loss, and the support
workers want from the union. It takes a few minutes on a phone.
"""

from typing import Any

TITLE = "Khảo sát nhu cầu việc làm xanh và kỹ năng xanh của người lao động"
TITLE_EN = "Survey of workers' green-job and green-skill needs"
INTRO = ("Phiếu khảo sát không ghi tên, không thu thập thông tin cá nhân. Anh/chị vui lòng dành "
         "khoảng 3 phút trả lời để Công đoàn xây dựng kế hoạch đào tạo kỹ năng xanh phù hợp.")
INTRO_EN = ("This survey is anonymous and collects no personal data. Please take about 3 minutes to "
            "answer so the union can plan the green-skill training workers need.")
TRAINING_QUESTION = "training_interest"
TRAINING_OPTIONS = ["yes"]


def _o(code: str, text: str, text_en: str) -> dict[str, str]:
    return {"code": code, "text": text, "text_en": text_en}


QUESTIONS: list[dict[str, Any]] = [
    {"code": "job_area", "kind": "single", "required": True,
     "text": "Công việc hiện tại của anh/chị thuộc nhóm nào?",
     "text_en": "Which group does your current job belong to?",
     "options": [_o("production", "Sản xuất trực tiếp", "Direct production"),
                 _o("technical", "Kỹ thuật, bảo trì, vận hành máy", "Technical, maintenance, machine operation"),
                 _o("office", "Văn phòng, hành chính", "Office, administration"),
                 _o("service", "Dịch vụ, bán hàng, vận chuyển", "Services, sales, transport"),
                 _o("other", "Khác", "Other")]},
    {"code": "years", "kind": "number", "required": False, "min_value": 0, "max_value": 50,
     "text": "Anh/chị đã làm công việc hiện tại bao nhiêu năm?",
     "text_en": "How many years have you worked in your current job?"},
    {"code": "change_exposure", "kind": "scale", "required": True,
     "text": "Công việc của anh/chị chịu ảnh hưởng bởi chuyển đổi xanh (công nghệ sạch, tiết kiệm "
             "năng lượng, giảm rác thải) ở mức nào?",
     "text_en": "How much is your job affected by the green transition (clean technology, energy "
                "saving, less waste)?",
     "help": "1 = không ảnh hưởng, 5 = ảnh hưởng rất nhiều", "help_en": "1 = not at all, 5 = very much"},
    {"code": "heard_green", "kind": "single", "required": True,
     "text": "Anh/chị đã từng nghe về tăng trưởng xanh, việc làm xanh chưa?",
     "text_en": "Have you heard of green growth and green jobs?",
     "options": [_o("yes", "Đã nghe và hiểu", "Yes, and I understand them"),
                 _o("some", "Đã nghe nhưng chưa rõ", "Heard of them, not clear"),
                 _o("no", "Chưa nghe", "No")]},
    {"code": "awareness", "kind": "scale", "required": True,
     "text": "Anh/chị tự đánh giá hiểu biết của mình về bảo vệ môi trường tại nơi làm việc",
     "text_en": "How would you rate your knowledge of environmental protection at work?",
     "help": "1 = rất ít, 5 = rất tốt", "help_en": "1 = very little, 5 = very good"},
    {"code": "training_interest", "kind": "single", "required": True,
     "text": "Anh/chị có nhu cầu được đào tạo, bồi dưỡng kỹ năng xanh không?",
     "text_en": "Would you like training in green skills?",
     "options": [_o("yes", "Có", "Yes"), _o("no", "Không", "No"), _o("unsure", "Chưa biết", "Not sure")]},
    {"code": "training_topics", "kind": "multi", "required": True,
     "show_if": "training_interest", "show_if_options": ["yes"],
     "text": "Anh/chị muốn được đào tạo nội dung nào? (chọn nhiều)",
     "text_en": "Which topics would you like training in? (choose several)",
     "options": [_o("energy", "Sử dụng tiết kiệm năng lượng, nước", "Saving energy and water"),
                 _o("waste", "Phân loại, tái chế rác thải", "Sorting and recycling waste"),
                 _o("clean_tech", "Vận hành công nghệ, thiết bị sạch", "Operating clean technology"),
                 _o("osh", "An toàn, vệ sinh lao động và môi trường", "Safety, health and environment"),
                 _o("digital", "Kỹ năng số", "Digital skills"),
                 _o("renewable", "Năng lượng tái tạo (điện mặt trời…)", "Renewable energy (solar…)")]},
    {"code": "retrain", "kind": "single", "required": True,
     "text": "Nếu công việc thay đổi do chuyển đổi xanh, anh/chị có sẵn sàng học nghề mới hoặc "
             "chuyển sang công việc khác không?",
     "text_en": "If your job changes with the green transition, would you retrain or change jobs?",
     "options": [_o("yes", "Sẵn sàng", "Yes"), _o("if_supported", "Nếu được hỗ trợ", "If supported"),
                 _o("no", "Không", "No")]},
    {"code": "worries", "kind": "multi", "required": False,
     "text": "Anh/chị lo ngại điều gì khi doanh nghiệp chuyển đổi xanh? (chọn nhiều)",
     "text_en": "What worries you about the green transition at work? (choose several)",
     "options": [_o("job_loss", "Mất việc làm", "Losing my job"),
                 _o("income", "Giảm thu nhập", "Lower income"),
                 _o("skills", "Không theo kịp công nghệ mới", "Not keeping up with new technology"),
                 _o("health", "Sức khỏe, điều kiện làm việc", "Health and working conditions"),
                 _o("none", "Không lo ngại", "No worries")]},
    {"code": "support", "kind": "multi", "required": True,
     "text": "Anh/chị mong muốn Công đoàn hỗ trợ gì? (chọn nhiều)",
     "text_en": "What support would you like from the union? (choose several)",
     "options": [_o("training", "Tổ chức tập huấn kỹ năng xanh", "Green-skill training"),
                 _o("information", "Thông tin về việc làm xanh", "Information on green jobs"),
                 _o("dialogue", "Đối thoại với người sử dụng lao động", "Dialogue with the employer"),
                 _o("funding", "Hỗ trợ kinh phí học nghề", "Funding for retraining"),
                 _o("counselling", "Tư vấn, giới thiệu việc làm", "Job counselling and referrals")]},
    {"code": "suggestion", "kind": "text", "required": False,
     "text": "Ý kiến, đề xuất khác của anh/chị", "text_en": "Any other comments or suggestions"},
]
