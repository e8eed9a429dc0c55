#!/usr/bin/env python3
# The plain baseline in Python, for the bench's speed comparison: jieba search mode + BM25 over the
# sentences of a knowledge folder, no glossary, never declines. Same protocol as `ask --jsonl`:
#   python3 bench/baseline-bm25.py [KNOWLEDGE_DIR] < questions.txt
import json
import math
import os
import re
import sys

import jieba

jieba.setLogLevel(60)
K1, B = 1.2, 0.75
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'knowledge')


def sentences(text):
    if text.startswith('---\n'):
        end = text.find('\n---\n', 4)
        text = text[end + 5:] if end >= 0 else text
    for line in text.splitlines():
        for s in re.findall(r'[^。!?!?;;]+[。!?!?;;]?', line.strip()):
            if s.strip():
                yield s.strip()


def tokens(text):
    return [t for t in jieba.cut_for_search(text) if re.search(r'\w', t)]


docs = []
for folder, _, names in os.walk(root):
    for name in sorted(names):
        if name.endswith(('.txt', '.md')) and not name.startswith('_') and name.lower() != 'readme.md':
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                docs.extend((s, tokens(s)) for s in sentences(f.read()))

df = {}
for _, terms in docs:
    for t in set(terms):
        df[t] = df.get(t, 0) + 1
avg = sum(len(terms) for _, terms in docs) / max(1, len(docs))
idf = {t: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for t, n in df.items()}
tfs = [({t: terms.count(t) for t in set(terms)}, len(terms)) for _, terms in docs]

for line in sys.stdin:
    q = [t for t in tokens(line.rstrip('\n')) if t in idf]
    scored = []
    for i, (tf, length) in enumerate(tfs):
        score = sum(idf[t] * tf[t] * (K1 + 1) / (tf[t] + K1 * (1 - B + B * length / avg)) for t in q if t in tf)
        scored.append((score, i))
    top = [docs[i][0] for _, i in sorted(scored, reverse=True)[:3]]
    citations = [{'excerpt': s} for s in top]
    print(json.dumps({'found': True, 'answer': top[0] if top else '', 'citations': citations}, ensure_ascii=False))
