"""normalize's tables, built for speed, are the tables their definitions describe."""

import unicodedata

from duban.docparse import normalize, ts_table, ts_write
from duban.docparse.normalize import clean_text, fold


def test_the_table_read_ahead_is_the_installed_opencc_s():
    found = ts_write.pairs()
    written = (ts_table.TRADITIONAL, ts_table.SIMPLIFIED)
    assert written == ("".join(found), "".join(found.values())), (
        "OpenCC changed: python -m duban.docparse.ts_write"
    )


def test_the_fold_table_reads_opencc_line_by_line():
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for space in ("\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u202f"):
        table[ord(space)] = " "
    table[ord("～")] = "~"
    data = ts_write.opencc_file("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    for line in data.splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    assert len(table) > 4000
    assert normalize._table() == table
    assert fold("國務院辦公廳（２０２０）") == "国务院办公厅(2020)"


def test_clean_text_folds_look_alike_ideographs_only_when_there_are_some():
    assert clean_text("⼯作方案\n") == "工作方案\n"  # Kangxi 工
    assert clean_text("\uf900 \ufa10\n") == unicodedata.normalize("NFKC", "\uf900 \ufa10") + "\n"
    for code in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)):
        ch = chr(code)
        if code in normalize._compat_table():
            assert normalize._COMPAT.search(ch), hex(code)
    assert normalize._COMPAT.search("") is None
