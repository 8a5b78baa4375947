from typing import Any

from django.core.management.base import BaseCommand

from greenplan.reporting.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Nhắc các đơn vị chưa gửi báo cáo trước và sau hạn nộp (chạy lại nhiều lần vẫn an toàn)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_deadline_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
