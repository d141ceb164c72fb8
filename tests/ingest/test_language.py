"""Language identification: scripts, stop-word profiles, undecidable texts."""

from __future__ import annotations

import pytest

from sanctionwatch.ingest.language import (
    LanguageIdentifier,
    ProfileFile,
    identify_language,
)

# One news sentence per language, written for these tests (same event in each).
SAMPLES = {
    "en": (
        "The ministry said on Tuesday that the tanker had been seen alongside a foreign "
        "vessel, and that it would report the transfer to the committee that oversees the "
        "sanctions."
    ),
    "de": (
        "Das Ministerium teilte am Dienstag mit, dass der Tanker neben einem "
        "ausländischen Schiff gesehen worden sei und dass es den Vorfall dem Ausschuss "
        "melden werde, der die Sanktionen überwacht."
    ),
    "fr": (
        "Le ministère a indiqué mardi que le pétrolier avait été vu à côté d'un navire "
        "étranger et qu'il signalerait le transfert au comité chargé de surveiller les "
        "sanctions."
    ),
    "es": (
        "El ministerio dijo el martes que el petrolero había sido visto junto a un buque "
        "extranjero y que informaría de la transferencia al comité que supervisa las "
        "sanciones."
    ),
    "it": (
        "Il ministero ha detto martedì che la petroliera era stata vista accanto a una "
        "nave straniera e che avrebbe segnalato il trasferimento al comitato che vigila "
        "sulle sanzioni."
    ),
    "pt": (
        "O ministério disse na terça-feira que o petroleiro foi visto ao lado de um navio "
        "estrangeiro e que vai comunicar a transferência ao comité que supervisiona as "
        "sanções."
    ),
    "nl": (
        "Het ministerie zei dinsdag dat de tanker naast een buitenlands schip was gezien "
        "en dat het de overslag zou melden bij het comité dat toezicht houdt op de "
        "sancties."
    ),
    "sv": (
        "Ministeriet sade på tisdagen att tankfartyget hade setts bredvid ett utländskt "
        "fartyg och att det skulle rapportera överföringen till den kommitté som "
        "övervakar sanktionerna."
    ),
    "da": (
        "Ministeriet sagde tirsdag, at tankskibet var blevet set ved siden af et "
        "udenlandsk skib, og at det ville rapportere overførslen til det udvalg, der "
        "fører tilsyn med sanktionerne. Det er ikke første gang, siger man i ministeriet, "
        "og noget tyder på, at det vil ske igen."
    ),
    "no": (
        "Departementet sa tirsdag at tankskipet hadde blitt sett ved siden av et "
        "utenlandsk skip, og at det ville rapportere overføringen til komiteen som fører "
        "tilsyn med sanksjonene. Det er ikke første gang, sier man i departementet, og "
        "noe tyder på at det vil skje igjen."
    ),
    "pl": (
        "Ministerstwo poinformowało we wtorek, że tankowiec był widziany obok obcego "
        "statku i że zgłosi to przeładunek komitetowi, który nadzoruje sankcje."
    ),
    "cs": (
        "Ministerstvo v úterý uvedlo, že tanker byl spatřen vedle zahraniční lodi a že "
        "překládku oznámí výboru, který na sankce dohlíží. Podle ministerstva to není "
        "poprvé."
    ),
    "sk": (
        "Ministerstvo v utorok uviedlo, že tanker bol spozorovaný vedľa zahraničnej lode "
        "a že prekládku oznámi výboru, ktorý na sankcie dohliada. Podľa ministerstva to "
        "nie je prvýkrát."
    ),
    "tr": (
        "Bakanlık salı günü yaptığı açıklamada, tankerin yabancı bir geminin yanında "
        "görüldüğünü ve bu aktarımı yaptırımları denetleyen komiteye bildireceğini "
        "söyledi."
    ),
    "ro": (
        "Ministerul a declarat marți că petrolierul a fost văzut lângă o navă străină și "
        "că va raporta transferul comitetului care supraveghează sancțiunile."
    ),
    "id": (
        "Kementerian mengatakan pada hari Selasa bahwa kapal tanker itu terlihat di "
        "samping kapal asing dan akan melaporkan pemindahan tersebut kepada komite yang "
        "mengawasi sanksi."
    ),
    "ru": (
        "Министерство заявило во вторник, что танкер был замечен рядом с иностранным "
        "судном и что оно сообщит о перегрузке в комитет, который следит за соблюдением "
        "санкций."
    ),
    "uk": (
        "Міністерство заявило у вівторок, що танкер було помічено поруч з іноземним "
        "судном і що воно повідомить про перевантаження комітет, який стежить за "
        "дотриманням санкцій."
    ),
    "bg": (
        "Министерството заяви във вторник, че танкерът е бил забелязан до чуждестранен "
        "кораб и че ще докладва за прехвърлянето на комитета, който следи за санкциите."
    ),
    "ar": (
        "قالت الوزارة يوم الثلاثاء إن الناقلة شوهدت إلى جانب سفينة أجنبية وإنها ستبلغ "
        "اللجنة التي تشرف على العقوبات عن عملية النقل."
    ),
    "fa": (
        "وزارت روز سه\u200cشنبه اعلام کرد که این نفتکش در کنار یک کشتی خارجی دیده شده است و "
        "این انتقال را به کمیته\u200cای که بر تحریم\u200cها نظارت می\u200cکند گزارش خواهد داد."
    ),
    "ko": (
        "국방부는 화요일 유조선이 외국 선박 옆에서 목격됐으며 "
        "제재를 감시하는 위원회에 이 환적을 보고할 것이라고 밝혔다."
    ),
    "ja": (
        "防衛省は火曜日、タンカーが外国船の横で目撃されたと発表し、制裁を監視する委員会にこの積み替えを報告すると述べた。"
    ),
    "zh": (
        "国防部周二表示，该油轮被发现停靠在一艘外国船只旁边，并将向负责监督制裁的委员会报告此次转运。"
    ),
    "el": (
        "Το υπουργείο ανέφερε την Τρίτη ότι το δεξαμενόπλοιο εντοπίστηκε δίπλα σε ξένο "
        "πλοίο και ότι θα αναφέρει τη μεταφόρτωση στην επιτροπή κυρώσεων."
    ),
    "he": (
        "המשרד מסר ביום שלישי כי המכלית נצפתה לצד ספינה זרה וכי ידווח על ההעברה לוועדה "
        "המפקחת על הסנקציות."
    ),
}


@pytest.mark.parametrize(("code", "text"), sorted(SAMPLES.items()))
def test_identifies_the_language(code: str, text: str) -> None:
    assert identify_language(text).code == code


def test_script_decides_where_one_language_owns_it() -> None:
    guess = identify_language(SAMPLES["ko"])
    assert (guess.code, guess.method, guess.confidence) == ("ko", "script", 1.0)


def test_japanese_is_told_from_chinese_by_kana() -> None:
    assert identify_language(SAMPLES["ja"]).code == "ja"
    assert identify_language(SAMPLES["zh"]).code == "zh"


def test_english_with_foreign_names_stays_english() -> None:
    text = (
        "Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome, where the two leaders "
        "discussed cooperation, according to KCNA and the Kremlin. Choe Son Hui and Sergei "
        "Shoigu were also present at the talks in the Amur region."
    )
    assert identify_language(text).code == "en"


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("", "too little text"),
        ("Advertisement", "too little text"),
        ("Palm Bay 18 22 13 17 70 Rockledge 14 11 6 15 44 Tolivert Davis Burgher", None),
    ],
)
def test_undecidable_texts_have_no_language(text: str, method: str | None) -> None:
    guess = identify_language(text)
    assert guess.code is None
    assert guess.confidence == 0.0
    if method is not None:
        assert guess.method == method


def test_profiles_are_validated() -> None:
    spec = {
        "version": 1,
        "scripts": {"HANGUL": "ko"},
        "stopwords": {"en": {"script": "LATIN", "words": "the of the"}},
    }
    with pytest.raises(ValueError, match="repeated: the"):
        ProfileFile.model_validate(spec)
    spec["stopwords"] = {"english": {"script": "LATIN", "words": "the of"}}
    with pytest.raises(ValueError, match="ISO 639-1"):
        ProfileFile.model_validate(spec)


def test_a_custom_identifier() -> None:
    spec = ProfileFile.model_validate(
        {
            "version": 1,
            "scripts": {},
            "stopwords": {
                "en": {"script": "LATIN", "words": "the of and"},
                "nl": {"script": "LATIN", "words": "de het en"},
            },
        }
    )
    identifier = LanguageIdentifier(spec)
    assert identifier.identify("de kat en het huis en de boom en de tuin").code == "nl"
    assert identifier.identify("Ο υπουργός είπε ότι το πλοίο έφυγε").method == (
        "no profile for greek script"
    )
