#!/usr/bin/env python3
"""Regenerates core/data/content/sentiment_fixtures.jsonl, the agreement corpus of
brandpilot's sentiment scorer (core/src/content/sentiment.rs) against the reference
implementation, vaderSentiment 3.3.2 (Hutto & Gilbert, ICWSM 2014).

Two sources, one JSON object per line:
  * source "generated": ~1,000 LinkedIn/X-style posts built deterministically (fixed seed)
    from the templates and word lists below: announcements, opinions, complaints, emoji,
    ALL CAPS, negations, "but" clauses, questions, hashtags, URLs and mentions. Not real posts.
  * source "tweets_gt": the 4,200 tweet-like texts of the VADER paper's human-rated ground
    truth (tweets_GroundTruth.txt, in additional_resources/hutto_ICWSM_2014.tar.gz of the
    vaderSentiment 3.3.2 sdist on PyPI, MIT licence), with "label" = the mean human rating
    (-4 .. +4) of at least 20 raters.

Each line: {"source", "text", "compound", "pos", "neu", "neg"[, "label"]}, the four scores
being vaderSentiment 3.3.2's polarity_scores (rounded as it rounds them).

Usage (offline once the package and sdist are cached):
    python3 -m venv /tmp/vader && /tmp/vader/bin/pip install vaderSentiment==3.3.2
    /tmp/vader/bin/pip download --no-deps --no-binary :all: vaderSentiment==3.3.2 -d /tmp/vsdist
    /tmp/vader/bin/python scripts/gen_sentiment_fixtures.py --sdist /tmp/vsdist/vaderSentiment-3.3.2.tar.gz
"""

import argparse
import io
import json
import os
import random
import tarfile

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

SEED = 20141
N_GENERATED = 1000
OUT = os.path.join(os.path.dirname(__file__), "..", "core", "data", "content", "sentiment_fixtures.jsonl")

TOPICS = ["our Series A", "the new analytics dashboard", "my first keynote", "the Q3 roadmap",
          "our hiring process", "remote work", "the product launch", "this year's offsite",
          "the new pricing", "our mobile app", "the customer onboarding flow", "AI in recruiting",
          "the conference in Lisbon", "our open-source SDK", "the team retro", "my career change",
          "the quarterly results", "the beta program", "our support team", "the API migration"]
POS_ADJ = ["great", "amazing", "excellent", "fantastic", "good", "awesome", "brilliant",
           "impressive", "helpful", "wonderful", "inspiring", "solid", "nice", "smart", "fun"]
NEG_ADJ = ["bad", "terrible", "awful", "disappointing", "frustrating", "slow", "broken",
           "horrible", "useless", "confusing", "painful", "poor", "annoying", "ugly", "boring"]
NEUTRAL = ["ok", "fine", "different", "new", "complex", "long", "technical", "busy"]
BOOST = ["very", "really", "extremely", "incredibly", "so", "absolutely", "totally", "quite",
         "kind of", "sort of", "slightly", "barely", "somewhat", "kinda", "hugely"]
NEG = ["not", "never", "isn't", "wasn't", "don't think it's", "hardly", "without a doubt",
       "not really", "no longer", "couldn't be more"]
POS_VERB = ["love", "enjoy", "appreciate", "recommend", "admire", "celebrate", "support"]
NEG_VERB = ["hate", "dislike", "regret", "can't stand", "miss", "fear", "doubt"]
PEOPLE = ["@sarahchen", "@devrel_mike", "@AcmeCorp", "@jlopez", "@priya_k", "@TechCrunch"]
TAGS = ["#leadership", "#hiring", "#AI", "#startups", "#productmanagement", "#careers",
        "#marketing", "#buildinpublic", "#remotework", "#growth", "#devops", "#ux"]
URLS = ["https://lnkd.in/eXmPl3", "https://t.co/a1B2c3D4", "https://example.com/blog/launch",
        "http://bit.ly/3xYz", "https://brandpilot.dev/changelog?ref=x"]
EMOJI = ["😀", "😂", "😍", "🎉", "🚀", "🙏", "👏", "💯", "🔥", "❤️", "😢", "😡", "🤔", "😞",
         "👍", "👎", "😱", "🥳", "😅", "🙄", "✨", "💔", "😤", "🤝"]
EMOTICON = [":)", ":(", ":D", ";)", ":-(", "<3", ":/", "xD"]
INTERJ = ["lol", "wow", "ugh", "yay", "meh", "omg", "haha", "sigh", "wtf", "thanks"]

TEMPLATES = [
    "Thrilled to announce {topic} is live! {emoji} {tag} {tag2}",
    "Honestly, {topic} was {boost} {pos}. {emoji}",
    "{topic} is {boost} {neg} and I am {boost} tired of it. {url}",
    "I {pos_verb} {topic}, but the execution was {neg}.",
    "{topic} was {neg}, but the team was {boost} {pos}!",
    "{topic} is {negation} {pos}.",
    "{topic} is {negation} {neg}. {tag}",
    "{TOPIC} IS {POS}!!! {emoji}{emoji2}",
    "Why is {topic} so {neg}??? {people}",
    "Is {topic} {pos} or {neg}? Curious what you think {people} {tag}",
    "Big thanks to {people} for the {pos} support on {topic} {emoji} {url}",
    "Not gonna lie, {topic} was {NEG}. {emoticon}",
    "{interj} {topic} is {boost} {pos} {emoticon}",
    "We shipped {topic} today. {tag} {url}",
    "Reflecting on {topic}: {neutral}, {neutral} and {boost} {pos}.",
    "Hot take: {topic} is {neg}. Change my mind. {tag} {tag2}",
    "I {neg_verb} how {topic} turned out. {emoji}",
    "{topic} was the shit! {emoji}",
    "{topic}? Yeah right. {emoticon}",
    "No {pos} news on {topic} this week. {tag}",
    "At least {topic} isn't {neg}.",
    "{topic} is the least {pos} thing I've seen.",
    "Never so {pos} to see {topic} ship!!",
    "5 lessons from {topic}: 1) ship early 2) listen 3) iterate {tag} {url}",
    "{people} {people2} thoughts on {topic}? {emoji}",
    "Kind of {pos}, kind of {neg}: {topic} in one line.",
    "I'm {boost} {pos} about {topic}, but {boost} {neg} about the timeline {emoji}",
    "{topic} is {BOOST} {pos} and {neg}",
    "After 6 months, {topic} is finally done. {interj}! {emoji}{emoji2}{emoji3}",
    "Unpopular opinion: {topic} is not {neg} at all. {tag}",
    "Can't believe how {neg} {topic} was. {emoji} #fail",
    "{topic}! {topic2}! {pos}!!!! {emoji}",
    "Hiring: we're looking for {pos} engineers to work on {topic}. DM me {people} {tag} {url}",
    "Grateful for {topic} and {topic2} {emoji} {tag} {tag2}",
    "{topic} is {neutral}. {topic2} is {neutral}.",
    "we tried {topic} and it was {neg} {neg} {neg} {emoticon}",
    "Without a doubt, {topic} was {pos}.",
    "{topic} — {pos}, but not {pos2}. {tag}",
    "Nothing {pos} about {topic}. Nothing.",
    "Just wrapped {topic}. Feeling {boost} {pos} {emoji} {emoji2}",
]


def fill(rng, template):
    def pick(xs):
        return rng.choice(xs)

    vals = {
        "topic": pick(TOPICS), "topic2": pick(TOPICS),
        "pos": pick(POS_ADJ), "pos2": pick(POS_ADJ), "neg": pick(NEG_ADJ),
        "neutral": pick(NEUTRAL), "boost": pick(BOOST), "negation": pick(NEG),
        "pos_verb": pick(POS_VERB), "neg_verb": pick(NEG_VERB),
        "people": pick(PEOPLE), "people2": pick(PEOPLE),
        "tag": pick(TAGS), "tag2": pick(TAGS), "url": pick(URLS),
        "emoji": pick(EMOJI), "emoji2": pick(EMOJI), "emoji3": pick(EMOJI),
        "emoticon": pick(EMOTICON), "interj": pick(INTERJ),
    }
    vals["TOPIC"] = vals["topic"].upper()
    vals["POS"] = vals["pos"].upper()
    vals["NEG"] = vals["neg"].upper()
    vals["BOOST"] = vals["boost"].upper()
    text = template.format(**vals)
    # Sentence-case some posts, lower-case others, as people do.
    r = rng.random()
    if r < 0.6:
        text = text[0].upper() + text[1:]
    elif r < 0.7:
        text = text.lower()
    return text


def generated(rng):
    seen = set()
    out = []
    while len(out) < N_GENERATED:
        text = fill(rng, rng.choice(TEMPLATES))
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def tweets_ground_truth(sdist):
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("hutto_ICWSM_2014.tar.gz"))
        inner = tarfile.open(fileobj=io.BytesIO(tar.extractfile(member).read()))
        f = next(m for m in inner.getmembers() if m.name.endswith("tweets_GroundTruth.txt"))
        raw = inner.extractfile(f).read().decode("utf-8")
    rows = []
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            rows.append((float(parts[1]), "\t".join(parts[2:])))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sdist", required=True, help="vaderSentiment-3.3.2.tar.gz (pip download --no-binary :all:)")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    sia = SentimentIntensityAnalyzer()
    rng = random.Random(SEED)
    rows = [{"source": "generated", "text": t} for t in generated(rng)]
    rows += [{"source": "tweets_gt", "text": t, "label": lab} for lab, t in tweets_ground_truth(args.sdist)]
    with open(args.out, "w", encoding="utf-8") as f:
        for row in rows:
            s = sia.polarity_scores(row["text"])
            row.update(compound=s["compound"], pos=s["pos"], neu=s["neu"], neg=s["neg"])
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
