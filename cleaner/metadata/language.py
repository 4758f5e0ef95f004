"""`inLanguage` for plain text: the jusText stoplist the body hits most, as an ISO 639-1 code.

The block classifier already guesses the language this way for its stopword feature; the record
reuses that guess instead of adding a language-identification dependency.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.heuristics.lang import stoplist_for

# jusText stoplist names -> ISO 639-1. Lists without a two-letter code (Aromanian, Lombard, …) and
# the "Simple_English" variant map to None or to their parent language.
ISO_639_1 = {
    "Afrikaans": "af",
    "Albanian": "sq",
    "Arabic": "ar",
    "Aragonese": "an",
    "Armenian": "hy",
    "Asturian": None,
    "Azerbaijani": "az",
    "Basque": "eu",
    "Belarusian": "be",
    "Belarusian_Taraskievica": "be",
    "Bengali": "bn",
    "Bosnian": "bs",
    "Breton": "br",
    "Bulgarian": "bg",
    "Catalan": "ca",
    "Chuvash": "cv",
    "Croatian": "hr",
    "Czech": "cs",
    "Danish": "da",
    "Dutch": "nl",
    "English": "en",
    "Esperanto": "eo",
    "Estonian": "et",
    "Finnish": "fi",
    "French": "fr",
    "Galician": "gl",
    "Georgian": "ka",
    "German": "de",
    "Greek": "el",
    "Gujarati": "gu",
    "Haitian": "ht",
    "Hebrew": "he",
    "Hindi": "hi",
    "Hungarian": "hu",
    "Icelandic": "is",
    "Ido": "io",
    "Igbo": "ig",
    "Indonesian": "id",
    "Irish": "ga",
    "Italian": "it",
    "Javanese": "jv",
    "Kannada": "kn",
    "Kazakh": "kk",
    "Korean": "ko",
    "Kurdish": "ku",
    "Kyrgyz": "ky",
    "Latin": "la",
    "Latvian": "lv",
    "Lithuanian": "lt",
    "Luxembourgish": "lb",
    "Macedonian": "mk",
    "Malay": "ms",
    "Malayalam": "ml",
    "Maltese": "mt",
    "Marathi": "mr",
    "Nepali": "ne",
    "Norwegian_Bokmal": "nb",
    "Norwegian_Nynorsk": "nn",
    "Occitan": "oc",
    "Persian": "fa",
    "Polish": "pl",
    "Portuguese": "pt",
    "Quechua": "qu",
    "Romanian": "ro",
    "Russian": "ru",
    "Serbian": "sr",
    "Serbo_Croatian": "sh",
    "Simple_English": "en",
    "Slovak": "sk",
    "Slovenian": "sl",
    "Spanish": "es",
    "Sundanese": "su",
    "Swahili": "sw",
    "Swedish": "sv",
    "Tagalog": "tl",
    "Tamil": "ta",
    "Telugu": "te",
    "Turkish": "tr",
    "Turkmen": "tk",
    "Ukrainian": "uk",
    "Urdu": "ur",
    "Uzbek": "uz",
    "Vietnamese": "vi",
    "Volapuk": "vo",
    "Walloon": "wa",
    "Welsh": "cy",
    "West_Frisian": "fy",
    "Yoruba": "yo",
}


def guess_language(lines: Iterable[str | None], known: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or None when the guess is too weak to state.

    `known` is a stoplist name already guessed for this text (by the block classifier).
    """
    name = known or stoplist_for(lines)[0]
    return ISO_639_1.get(name) if name else None
