import json
from pathlib import Path
from briefer.text.sentences import split_sentences
from briefer.text.words import points_back
from briefer.text.standalone import repair
from briefer.ingest.files import read_article
rows=[]
docs=[]
for p in sorted(Path('seeds').glob('*.txt')):
    docs.append(('seeds', str(p), list(read_article(p).paragraphs)))
for l in open('tests/data/upcoming-dev.jsonl'):
    d=json.loads(l); docs.append(('state', d['id'], d['text'].split('\n\n')))
for kind, did, paras in docs:
    sents=[s for p in paras for s in split_sentences(p)]
    for i,s in enumerate(sents):
        if points_back(s):
            r=repair(s,sents[:i])
            if r is not None and r!=s:
                rows.append({"set":kind,"id":did,"sentence":i,"text":s,"previous":sents[i-1] if i else "","repaired":r,"verdict":"right","note":""})
weak={6:"'the 34-year-old': who is not said",7:"'the Olympic champion': who is not said",8:"'the Kent athlete': who is not said",9:"'the Kent athlete': who is not said",21:"'him' inside the question",22:"a quotation cut from its speaker; 'they' generic"}
n=0
for l in open('/work/shared/eval-dev/bbc-news-summary.jsonl'):
    d=json.loads(l)
    sents=[s for p in d['text'].split('\n\n') for s in split_sentences(p)]
    for i,s in enumerate(sents):
        if points_back(s):
            r=repair(s,sents[:i])
            if r is not None and r!=s:
                n+=1
                if len(rows)<50:
                    rows.append({"set":"bbc","id":d['id'],"sentence":i,"verdict":"weak" if n in weak else "right","note":weak.get(n,"")})
print(len(rows), sum(r['verdict']=='right' for r in rows))
with open('tests/data/stories/repairs_checked.jsonl','w') as f:
    for r in rows: f.write(json.dumps(r,ensure_ascii=False,sort_keys=True)+"\n")
