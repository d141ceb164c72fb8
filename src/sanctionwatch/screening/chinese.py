"""Chinese names in Han characters → Hanyu Pinyin and Wade–Giles readings, surname first.

习近平 is "Xi Jinping" in pinyin and "Hsi Chin-p'ing" in Wade–Giles (still used in Taiwan and
older Western records). Each character becomes a slot holding both readings; the given name's
characters stay separate slots and the matcher joins them when a list writes them as one word
("Jinping"). Surnames that read differently as surnames (曾 = Zeng, not Ceng) and compound
surnames (欧阳) come from the lexicon.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.style import convert

from sanctionwatch.screening.lexicon import lexicon

# Words longer than this are organisation names, read as one token.
MAX_NAME_CHARS = 4

# Every Hanyu Pinyin syllable (toneless), to recognise romanised Chinese names in Latin script.
_PINYIN_SYLLABLES = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu ca
cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua
chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den
deng di dian diao die din ding diu dong dou du duan dui dun duo e ei en er fa fan fang fei fen
feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian
jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou
ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao
lie lin ling liu long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian
miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nia nian niang niao nie
nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie
pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re
ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang
shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan
sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa
wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue
xun ya yan yang yao ye yi yin ying yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui
zhun zhuo zi zong zou zu zuan zui zun zuo
"""


@lru_cache(maxsize=8192)
def _wade_giles(syllable: str) -> str:
    """Wade–Giles of one toneless pinyin syllable, apostrophes and umlauts dropped."""
    plain = syllable.replace("ü", "v")
    wade = str(convert(plain, Style.WADEGILES, strict=True))
    return wade.replace("'", "").replace("v", "u")


def _pinyin_readings(syllable: str) -> tuple[str, ...]:
    """ASCII spellings of a pinyin syllable: ü is written u, yu (passports) or v (keyboards)."""
    if "ü" in syllable:
        return (syllable.replace("ü", "u"), syllable.replace("ü", "yu"), syllable.replace("ü", "v"))
    return (syllable,)


def _readings(syllable: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*_pinyin_readings(syllable), _wade_giles(syllable))))


def _syllables(text: str) -> list[str]:
    return [s for s in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore") if s]


@lru_cache(maxsize=8192)
def name_slots(word: str, *, surname_first: bool = True) -> tuple[tuple[str, ...], ...]:
    """Reading slots of a Chinese name written in Han characters.

    With `surname_first`, the first one or two characters are read as a surname. Words longer
    than a personal name are read as one token (joined pinyin, joined Wade–Giles).
    """
    lex = lexicon().chinese
    if len(word) > MAX_NAME_CHARS:
        syllables = _syllables(word)
        pinyin = "".join(syllables).replace("ü", "u")
        wade = "".join(_wade_giles(s) for s in syllables)
        return (tuple(dict.fromkeys((pinyin, wade))),)
    slots: list[tuple[str, ...]] = []
    rest = word
    if surname_first and len(word) >= 2 and word[:2] in lex.compound_surnames:
        syllables = _syllables(word[:2])
        pinyin = "".join(syllables).replace("ü", "u")
        wade = "".join(_wade_giles(s) for s in syllables)
        slots.append(tuple(dict.fromkeys((pinyin, wade))))
        rest = word[2:]
    elif surname_first and word[0] in lex.surname_readings:
        slots.append(_readings(lex.surname_readings[word[0]]))
        rest = word[1:]
    for syllable in _syllables(rest):
        slots.append(_readings(syllable))
    return tuple(slots)


@lru_cache(maxsize=1)
def _latin_tables() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Known syllables (pinyin and Wade–Giles) and the other system's readings of each.

    Only readings that differ are kept: "hsi" ↔ "xi", "chin" → "jin"/"qin", "zhang" → "chang".
    """
    pinyin = [s.replace("ü", "u") for s in _PINYIN_SYLLABLES.split()]
    to_wade = {p: _wade_giles(p.replace("u", "ü") if p in ("lue", "nue") else p) for p in pinyin}
    from_wade: dict[str, list[str]] = {}
    for syllable, wade in to_wade.items():
        from_wade.setdefault(wade, []).append(syllable)
    others: dict[str, set[str]] = {}
    for syllable, wade in to_wade.items():
        if wade != syllable:
            others.setdefault(syllable, set()).add(wade)
    for wade, syllables in from_wade.items():
        others.setdefault(wade, set()).update(s for s in syllables if s != wade)
    known = frozenset(pinyin) | frozenset(from_wade)
    return known, {k: tuple(sorted(v)) for k, v in others.items() if v}


def _split_syllables(token: str, known: frozenset[str]) -> tuple[str, ...] | None:
    """`token` as one or two known syllables ("jinping" → jin, ping), or None."""
    if token in known:
        return (token,)
    # Joined given names are two syllables of two letters or more ("Jinping", "Enlai").
    for cut in range(2, len(token) - 1):
        if token[:cut] in known and token[cut:] in known:
            return token[:cut], token[cut:]
    return None


def latin_readings(tokens: list[str]) -> list[tuple[str, ...]] | None:
    """Readings in the other romanisation system for a name written in pinyin or Wade–Giles.

    Applies only when every token is a Chinese syllable or two joined ("Hsi Chin-ping",
    "Xi Jinping"), so that "Jan" in "Jan Kowalski" is not read as pinyin "ran". Returns, per
    token, the extra readings (possibly none), or None when the name does not look Chinese.
    """
    if len(tokens) < 2:
        return None
    known, others = _latin_tables()
    splits: list[tuple[str, ...]] = []
    for token in tokens:
        parts = _split_syllables(token, known)
        if parts is None:
            return None
        splits.append(parts)
    extra: list[tuple[str, ...]] = []
    for parts in splits:
        alternatives = [(*others.get(p, ()), p) for p in parts]
        if len(parts) == 1:
            extra.append(tuple(a for a in alternatives[0] if a != parts[0]))
        else:
            joined = [a + b for a in alternatives[0] for b in alternatives[1]]
            extra.append(tuple(j for j in dict.fromkeys(joined) if j != parts[0] + parts[1]))
    return extra
