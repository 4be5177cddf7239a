"""Deterministic benchmark texts for `make bench` (bench/run.py).

Four kinds, each generated from a fixed seed so that every machine benchmarks the same bytes:

  a  English ASCII prose: sentences of common words, commas, contractions ("don't"), numbers,
     hyphenated words, paragraphs wrapped at 72 columns, no trailing spaces. Clean text.
  b  Mixed English and Chinese with typographic punctuation: paragraphs of Chinese (，。、“”《》：)
     with English words inside, and English paragraphs with curly quotes, ’, — and ….
  c  The prose of (a) with a hidden character (U+200B, U+200C, U+200D, U+2060 in turn) inside a
     word every kilobyte.
  d  Adversarial: every character is suspicious (zero-width, bidirectional controls, tag
     characters, variation selectors, fillers, exotic spaces, Cyrillic look-alikes), in lines of
     100 characters.

A file of N MB holds exactly N * 1,000,000 bytes of UTF-8 (cut before a character that would
not fit; padded with a newline or two). Usage: python3 bench/gen.py KIND MB PATH.
"""

import os
import random
import sys

MB = 1_000_000

WORDS = """the of and to in is was that for it with as his on be at by had are but from or have
an they which one you were her all she there would their we him been has when who will more no
if out so said what up its about into than them can only other new some could time these two may
then do first any my now such like our over man me even most made after also did many before must
through back years where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between both life being
under never day same another know while last might us great old year off come since against go
came right used take three states himself few house use during without again place american
around however home small found thought went say part once general high upon school every
government united left number course war until always away something fact though water less
public put think almost hand enough far took head yet system better set told nothing night end
why called didn eyes find going look asked later knew point next program city business give group
toward young days let room president side social given present several order national possible
rather second face per among form important often things looked early white case john become
large big need four within felt along children saw best church ever least power development
light thing seemed family interest want members mind country area others done turned although
open problem god service certain kind different thus began door help means sense whole matter
perhaps itself york times human law line above name example action company hands local show
whether five history gave today either act feet across taken past quite anything having seen
death experience body word half really week car field money words already information tell
together college shall sometimes""".split()

CONTRACTIONS = ["don't", "it's", "isn't", "we're", "can't", "I'm", "they've", "wouldn't",
                "that's", "you'll"]
HYPHENATED = ["well-known", "long-term", "twenty-one", "self-made", "old-fashioned",
              "first-class", "up-to-date", "so-called"]

HAN = ("的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学"
       "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头"
       "面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向"
       "情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信"
       "北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难"
       "神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物"
       "台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指")
CN_PUNCT_MID = ["，", "，", "，", "、"]
CN_PUNCT_END = ["。", "。", "。", "！", "？", "；"]
CN_TECH = ["Rust", "WebAssembly", "Unicode", "GitHub", "API", "JSON", "HTTP", "Linux", "CPU"]

HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060"]

SUSPICIOUS = (
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0x2066, 0x2070)]
    + [chr(c) for c in range(0xE0020, 0xE0080)]
    + [chr(c) for c in range(0xFE00, 0xFE10)]
    + [chr(c) for c in range(0xE0100, 0xE0110)]
    + [chr(c) for c in range(0x180B, 0x1810)]
    + ["\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164",
       "\ufeff", "\uffa0"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u00a0", "\u202f", "\u205f", "\u3000"]
    + list("аеорсхуіАВЕКМНОРСТХ")
)


def english_sentence(rng, apostrophe="'"):
    n = rng.randint(6, 22)
    words = []
    for i in range(n):
        r = rng.random()
        if r < 0.03:
            w = rng.choice(CONTRACTIONS)
            if apostrophe != "'":
                w = w.replace("'", apostrophe)
        elif r < 0.05:
            w = rng.choice(HYPHENATED)
        elif r < 0.065:
            w = str(rng.choice([rng.randint(2, 99), rng.randint(1900, 2030)]))
        else:
            w = rng.choice(WORDS)
        if i + 1 < n and rng.random() < 0.07:
            w += ","
        words.append(w)
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + rng.choice([".", ".", ".", ".", "?", "!"])


def wrap(words, width=72):
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return "\n".join(lines)


def english_paragraph(rng, apostrophe="'"):
    text = " ".join(english_sentence(rng, apostrophe) for _ in range(rng.randint(3, 8)))
    return wrap(text.split(" "))


def chinese_paragraph(rng):
    out = []
    for _ in range(rng.randint(3, 7)):
        clauses = []
        for _ in range(rng.randint(1, 4)):
            clause = "".join(rng.choice(HAN) for _ in range(rng.randint(4, 14)))
            r = rng.random()
            if r < 0.15:
                clause += " " + rng.choice(CN_TECH) + " " + "".join(
                    rng.choice(HAN) for _ in range(rng.randint(2, 6)))
            elif r < 0.25:
                clause = "“" + clause + "”"
            elif r < 0.3:
                clause = "《" + clause + "》"
            clauses.append(clause)
        out.append(rng.choice(CN_PUNCT_MID).join(clauses) + rng.choice(CN_PUNCT_END))
    return "".join(out)


def typographic_paragraph(rng):
    sentences = []
    for _ in range(rng.randint(2, 6)):
        s = english_sentence(rng, "\u2019")
        r = rng.random()
        if r < 0.2:
            s = "\u201c" + s + "\u201d"
        elif r < 0.35:
            s = s[:-1] + " \u2014 " + rng.choice(WORDS) + "\u2026"
        sentences.append(s)
    return wrap(" ".join(sentences).split(" "))


def paragraphs(kind, rng):
    while True:
        if kind in ("a", "c"):
            yield english_paragraph(rng)
        elif kind == "b":
            yield chinese_paragraph(rng) if rng.random() < 0.6 else typographic_paragraph(rng)
        else:
            yield "".join(rng.choice(SUSPICIOUS) for _ in range(100))


def generate(kind, mb, path):
    """Writes `mb` MB (10^6 bytes) of text of `kind` to `path` (via a temporary file)."""
    rng = random.Random(f"unmask-bench-{kind}")
    total = mb * MB
    written = 0
    hidden_at = 1024
    hidden_i = 0
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as f:
        buf, buf_len = [], 0
        sep = "\n" if kind == "d" else "\n\n"
        for para in paragraphs(kind, rng):
            if kind == "c":
                # A hidden character inside the first word of 3+ letters past each kilobyte.
                pieces = []
                pos = written + buf_len
                start = 0
                while pos + len(para) - start >= hidden_at:
                    cut = start + (hidden_at - pos)
                    i = cut
                    while i < len(para) - 2 and not (para[i].isalpha() and para[i + 1].isalpha()
                                                     and para[i + 2].isalpha()):
                        i += 1
                    if i >= len(para) - 2:
                        break
                    pieces.append(para[start:i + 1])
                    pieces.append(HIDDEN[hidden_i % len(HIDDEN)])
                    hidden_i += 1
                    pos += i + 1 - start + 3
                    start = i + 1
                    hidden_at += 1024
                pieces.append(para[start:])
                para = "".join(pieces)
            data = (para + sep).encode("utf-8")
            buf.append(data)
            buf_len += len(data)
            if buf_len >= 1 << 20 or written + buf_len >= total:
                chunk = b"".join(buf)
                if written + len(chunk) >= total:
                    # Cut before a character that does not fit, drop spaces that would end a
                    # line, and pad with newlines to the exact size.
                    room = total - written - 1
                    chunk = chunk[:room].decode("utf-8", "ignore").rstrip(" ").encode("utf-8")
                    chunk += b"\n" * (total - written - len(chunk))
                    f.write(chunk)
                    written += len(chunk)
                    break
                f.write(chunk)
                written += len(chunk)
                buf, buf_len = [], 0
    os.replace(tmp, path)


if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]), sys.argv[3])
