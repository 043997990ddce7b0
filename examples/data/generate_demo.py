"""Generates examples/data/demo_account.json: a realistic, fictional LinkedIn account.

Deterministic (fixed seed), so the file only changes when this script does. Run:
    python3 examples/data/generate_demo.py
Figures are shaped after the LinkedIn medians in ../shared/BENCHMARKS.md: a personal profile
of ~2-3k followers, ~2 posts a week, ER by impressions around 3-5%, 45:4:3 likes:comments:shares.
"""
import json
import math
import random
from datetime import datetime, timedelta, timezone

rng = random.Random(20261123)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
DAYS = 126  # 18 weeks of history
start = NOW - timedelta(days=DAYS)

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
]

posts = []
day = 2
i = 0
while day < DAYS:
    at = start + timedelta(days=day, hours=rng.choice([7, 8, 12, 17]), minutes=rng.randint(0, 59))
    title, media = TOPICS[i % len(TOPICS)]
    followers_then = 2150 + (day / DAYS) * 700
    reach_factor = {"none": 0.9, "image": 1.2, "carousel": 1.5, "document": 1.6, "poll": 1.3}[media]
    impressions = int(followers_then * rng.lognormvariate(math.log(0.55), 0.45) * reach_factor)
    er = rng.lognormvariate(math.log(0.035), 0.35) * (1.15 if media != "none" else 1.0)
    engagements = impressions * er
    likes = int(engagements * 0.86)
    comments = int(engagements * 0.08 * rng.uniform(0.6, 1.6))
    shares = int(engagements * 0.05 * rng.uniform(0.3, 1.5))
    text = f"{title}\n\nHere is what happened, what we changed, and what I would do differently.\n\n#dataengineering #analytics"
    if rng.random() < 0.4:
        text += "\n\nWhat would you add?"
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
    # Mostly twice a week, with a two-week holiday gap in week 9.
    day += rng.choice([2, 3, 3, 4, 5])
    if 56 <= day < 66:
        day = 67

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
