"""Top level of the parser: text → ParsedPlan. (Placeholder; being written.)"""

from .model import ParsedPlan
from .normalize import clean_text


def parse_text(text: str) -> ParsedPlan:
    """Parse document text. The text is cleaned first (normalize.clean_text);
    spans index into `result.text`."""
    return ParsedPlan(text=clean_text(text))
