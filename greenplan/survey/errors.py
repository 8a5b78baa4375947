"""Refusals of the survey services; pages and the API turn them into messages and codes."""


class SurveyError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SurveyClosed(SurveyError):
    status = 409


class InvalidAnswers(SurveyError):
    """Per-question messages; nothing was stored."""

    status = 422

    def __init__(self, errors: dict[str, str], message: str):
        super().__init__(message)
        self.errors = errors


class DuplicateResponse(SurveyError):
    """The same form was sent twice (a double tap): the first one is kept."""

    status = 409
