#!/usr/bin/env python3
"""Where the ZWNJ restorer's precision goes on a reference text: of the tokens the normaliser writes with a ZWNJ
that the reference writes otherwise, how many are plurals or comparatives (X‌ها، X‌های، X‌تر، X‌ترین …) that the
reference writes fused, and the precision ceiling that leaves to a restorer that writes them the standard way.

Usage: scripts/zwnj-precision.py EVAL_DIR REFERENCE.txt -- COMMAND [ARGS...]
EVAL_DIR holds score.py (its tokeniser is used, so the counts match zwnj_eval.py); COMMAND reads the damaged text
on standard input and writes the normalised text, as for zwnj_eval.py. Counts only: it prints no token.
"""
import difflib
import re
import subprocess
import sys

ZWNJ = "\u200c"
SUFFIX = re.compile(ZWNJ + "(ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان|هاست|هایند|تر|ترین|تری|ترها)$")


def main(argv):
    if "--" not in argv or argv.index("--") != 3:
        print(__doc__)
        return 2
    sys.path.insert(0, argv[1])
    from score import zwnj_tokens  # noqa: E402
    ref = open(argv[2], encoding="utf-8").read()
    cmd = argv[4:]
    for mode, damaged in (("spaced", ref.replace(ZWNJ, " ")), ("fused", ref.replace(ZWNJ, ""))):
        out = subprocess.run(cmd, input=damaged.encode(), capture_output=True, check=True).stdout.decode()
        r_toks, o_toks = zwnj_tokens(ref), zwnj_tokens(out)
        a = [t.replace(ZWNJ, "") for t in r_toks]
        b = [t.replace(ZWNJ, "") for t in o_toks]
        need = sum(ZWNJ in t for t in r_toks)
        have = right = convention = 0
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag != "equal":
                continue
            for r, o in zip(r_toks[i1:i2], o_toks[j1:j2]):
                if ZWNJ not in o:
                    continue
                have += 1
                if r == o:
                    right += 1
                elif ZWNJ not in r and o.count(ZWNJ) == 1 and SUFFIX.search(o):
                    convention += 1
        standard = sum(1 for t in r_toks if SUFFIX.search(t))
        ceiling = need / (need + convention)
        print(f"{mode:7} {need} ZWNJ tokens needed; written {have}, right {right}, spurious {have - right}: "
              f"{convention} plurals/comparatives the reference writes fused (it writes {standard} with a ZWNJ), "
              f"{have - right - convention} other")
        print(f"{'':7} precision without those: {right / max(1, have - convention):.4f}; ceiling for a restorer "
              f"perfect elsewhere: P {ceiling:.4f}, F1 {2 * ceiling / (1 + ceiling):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
