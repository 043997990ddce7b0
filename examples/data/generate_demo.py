"""Generates examples/data/demo_account.json: a realistic, fictional LinkedIn account.

Deterministic (fixed seed), so the file only changes when this script does. Run:
    python3 examples/data/generate_demo.py
Figures are shaped after the LinkedIn medians in ../shared/BENCHMARKS.md: a personal profile
of ~2-3k followers, posting two to three times a week, ER by impressions around 3-5%,
45:4:3 likes:comments:shares.

Each post's engagement rate is a base rate times the effects below, times log-normal noise
(sigma 0.2), so `content::EngagementModel` has something real to find (and its test fails
if it finds nothing). The effects follow what LinkedIn studies report, simplified:
- media: document x1.45, carousel x1.35, poll x1.2, image x1.1, text only x1.0;
- a closing question x1.3, mostly through comments (their share of engagements x2.5);
- local posting time (Europe/Amsterdam): after work (17-18h) x1.15, lunch (12h) x1.0,
  morning (8-9h) x0.92; weekends x0.75;
- more than three hashtags x0.85; a long post with a list x1.1.
Impressions depend on followers and media (documents and carousels travel further).
"""
import json
import math
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

rng = random.Random(20261123)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
DAYS = 126  # 18 weeks of history
start = NOW - timedelta(days=DAYS)
LOCAL = ZoneInfo("Europe/Amsterdam")

TOPICS = [
    ("Three lessons from migrating 40 TB of event data to a lakehouse", "document"),
    ("Why your data team needs a product manager", "none"),
    ("The boring pipeline is the best pipeline. Here is our checklist.", "image"),
    ("I was wrong about streaming-first architectures", "none"),
    ("How we cut our warehouse bill by 38% without deleting anything", "carousel"),
    ("What I look for when I interview senior data engineers", "none"),
    ("A 10-minute data quality review you can run every Monday", "document"),
    ("Speaking at DataConf next week: come say hi!", "image"),
    ("Dbt tests caught a bug that would have cost us a quarter", "none"),
    ("Mentoring juniors made me a better engineer. Three reasons why.", "none"),
    ("Our on-call playbook for broken dashboards", "carousel"),
    ("Hot take: most real-time use cases are fine with hourly batches", "poll"),
    ("The one SQL pattern I teach every new hire", "image"),
    ("What 5 years of data contracts taught us", "document"),
    ("Career update: leading the platform team at Northwind", "image"),
    ("Stop measuring your data team by tickets closed", "none"),
    ("Semantic layers are back. This time they might stick.", "none"),
    ("Our incident review template, free to copy", "document"),
    ("Batch vs streaming: the cost model nobody shows you", "carousel"),
    ("Which metric would you retire first?", "poll"),
]
BODIES = [
    ("Here is what happened, what we changed, and what I would do differently.", False),
    ("Last quarter we hit this head-on. The fix was not a new tool: it was a habit the whole team kept.", False),
    (
        "What worked for us:\n1. Start with the queries people actually run\n2. Make ownership explicit\n"
        "3. Review it every week, not every quarter\n\nNone of it is glamorous. All of it compounds.",
        True,
    ),
    (
        "A year ago our analysts waited two days for a new table. Today it takes an afternoon.\n\n"
        "The steps, in order:\n- Write down who owns each dataset, and make it visible\n"
        "- Put tests where the data enters, not where it leaves\n- Publish a changelog people actually read\n"
        "- Say no to the dashboards nobody opens\n\n"
        "The hardest part was not technical. It was agreeing on what \"done\" means, and then "
        "holding each other to it when a deadline made shortcuts tempting.",
        True,
    ),
]
TAGS = [
    "#dataengineering",
    "#dataengineering #analytics",
    "#dataengineering #analytics #dbt",
    "#data #dataengineering #analytics #sql #bigdata #moderndatastack",
]
QUESTIONS = [
    "What would you add?",
    "How does your team handle this?",
    "Which of these would you try first?",
    "Agree, or am I missing something?",
]
MEDIA_EFFECT = {"none": 1.0, "image": 1.1, "poll": 1.2, "carousel": 1.35, "document": 1.45}
REACH = {"none": 0.9, "image": 1.2, "carousel": 1.5, "document": 1.6, "poll": 1.3}
# Chance of a post on each weekday, Monday first: mostly Tuesday to Thursday.
POST_CHANCE = [0.4, 0.7, 0.7, 0.7, 0.4, 0.1, 0.1]

posts = []
i = 0
for day in range(2, DAYS):
    if 56 <= day < 67:
        continue  # a two-week holiday in week 9
    date = (start + timedelta(days=day)).date()
    if rng.random() >= POST_CHANCE[date.weekday()]:
        continue
    hour = rng.choice([8, 8, 9, 12, 17, 18])
    local = datetime(date.year, date.month, date.day, hour, rng.randint(0, 59), tzinfo=LOCAL)
    at = local.astimezone(timezone.utc)
    title, media = TOPICS[i % len(TOPICS)]
    body, long_form = BODIES[rng.randrange(len(BODIES))]
    tags = TAGS[rng.choice([0, 1, 1, 2, 2, 3])]
    question = rng.random() < 0.4
    hook = ("🚀 " if rng.random() < 0.25 else "") + title
    text = f"{hook}\n\n{body}\n\n{tags}"
    if question:
        text += f"\n\n{QUESTIONS[rng.randrange(len(QUESTIONS))]}"

    effect = MEDIA_EFFECT[media]
    effect *= 1.3 if question else 1.0
    effect *= {8: 0.92, 9: 0.92, 12: 1.0, 17: 1.15, 18: 1.15}[hour]
    effect *= 0.75 if date.weekday() >= 5 else 1.0
    effect *= 0.85 if tags.count("#") > 3 else 1.0
    effect *= 1.1 if long_form else 1.0
    followers_then = 2150 + (day / DAYS) * 700
    impressions = int(followers_then * rng.lognormvariate(math.log(0.55), 0.4) * REACH[media])
    er = 0.03 * effect * rng.lognormvariate(0.0, 0.2)
    engagements = impressions * er
    comment_share = 0.08 * (2.5 if question else 1.0) * rng.uniform(0.7, 1.3)
    share_share = 0.05 * rng.uniform(0.5, 1.5)
    comments = round(engagements * comment_share)
    shares = round(engagements * share_share)
    likes = max(0, round(engagements) - comments - shares)
    posts.append({
        "id": f"urn:li:share:7{260000000 + i * 7919}",
        "platform": "linkedin",
        "created_at": at.isoformat().replace("+00:00", "Z"),
        "text": text,
        "media_kind": media,
        "metrics": {
            "impressions": impressions,
            "likes": likes,
            "comments": comments,
            "shares": shares,
            "clicks": int(impressions * rng.uniform(0.004, 0.012)),
        },
    })
    i += 1

def daily(metric, fn):
    pts = []
    for d in range(DAYS + 1):
        date = (start + timedelta(days=d)).date().isoformat()
        pts.append({"date": date, "value": float(fn(d))})
    return {"metric": metric, "points": pts}

followers = [2150.0]
for d in range(1, DAYS + 1):
    followers.append(followers[-1] + max(0, rng.gauss(5.6, 3.0)))
series = [
    daily("followers", lambda d: round(followers[d])),
    daily("impressions", lambda d: max(0, int(rng.gauss(420, 140)))),
    daily("profile_views", lambda d: max(0, int(rng.gauss(14 if (start + timedelta(days=d)).weekday() < 5 else 6, 4)))),
]

profile = {
    "platform": "linkedin",
    "handle": "maya-chen-data",
    "display_name": "Maya Chen",
    "headline": "Data platform lead | I help teams ship trustworthy data",
    "summary": (
        "I build data platforms that teams trust. Over nine years I have led migrations, "
        "designed data contracts and mentored a dozen engineers into senior roles. "
        "Today I lead the platform team at Northwind, where we serve 300 analysts and "
        "40 ML models from one lakehouse. I write weekly about pragmatic data engineering."
    ),
    "has_photo": True,
    "has_banner": False,
    "location": "Amsterdam, Netherlands",
    "website": None,
    "industry": "Software Development",
    "experience_level": "senior",
    "skills": ["Data Engineering", "SQL", "Apache Spark", "dbt"],
    "followers": round(followers[-1]),
    "following": 512,
    "connections": 1460,
    "verified": False,
    "created_at": "2015-03-02T10:00:00Z",
}

goal_followers = {
    "goal": {
        "id": "followers-5k",
        "name": "Reach 5,000 followers by the end of March",
        "metric": "followers",
        "direction": "increase",
        "baseline": 2150.0,
        "target": 5000.0,
        "start": start.isoformat().replace("+00:00", "Z"),
        "deadline": "2027-03-31T23:59:59Z",
    },
    "observations": [
        {"at": (start + timedelta(days=d)).isoformat().replace("+00:00", "Z"), "value": float(round(followers[d]))}
        for d in range(0, DAYS + 1, 7)
    ],
}
weekly_posts = []
for w in range(DAYS // 7):
    lo = start + timedelta(days=7 * w)
    hi = lo + timedelta(days=7)
    n = sum(1 for p in posts if lo.isoformat() <= p["created_at"].replace("Z", "+00:00") < hi.isoformat())
    weekly_posts.append({"at": hi.isoformat().replace("+00:00", "Z"), "value": float(n)})
goal_cadence = {
    "goal": {
        "id": "cadence-3",
        "name": "Post three times a week",
        "metric": "posts_per_week",
        "direction": "increase",
        "baseline": 1.0,
        "target": 3.0,
        "start": start.isoformat().replace("+00:00", "Z"),
        "deadline": "2026-12-31T23:59:59Z",
    },
    "observations": weekly_posts,
}

doc = {
    "now": NOW.isoformat().replace("+00:00", "Z"),
    "industry": "technology",
    "time_zone": "Europe/Amsterdam",
    "snapshot": {"profile": profile, "posts": posts, "series": series},
    "goals": [goal_followers, goal_cadence],
}
with open(__file__.replace("generate_demo.py", "demo_account.json"), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(f"{len(posts)} posts, {len(series)} series, followers {profile['followers']}")
