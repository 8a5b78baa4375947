"""Official documents (.docx, .pdf): the six-monthly report, the compiled report, the plan."""
