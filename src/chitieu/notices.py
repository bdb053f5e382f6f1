"""What a page says after a form was sent: "Đã lưu" only when something was written.

A form sent back unchanged used to answer "Đã lưu kết quả." (or "Đã lưu xếp loại, 0 thay đổi."),
and the office took it that the figures had been saved.
"""

from __future__ import annotations

from django.contrib import messages

NOTHING_CHANGED = "Không có thay đổi nào nên chưa lưu gì."


def saved(request, changes: int, done: str, nothing: str = NOTHING_CHANGED) -> None:
    """``done`` when ``changes`` (a count of what was written) is not zero, else ``nothing``."""
    if changes:
        messages.success(request, done)
    else:
        messages.info(request, nothing)
