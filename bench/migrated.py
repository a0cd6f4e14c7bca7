#!/usr/bin/env python3
"""A test corpus made to look like a real site moved over from Hugo (issue 18): thousands of
Markdown pages with Hugo-style YAML front matter (aliases, weights, `url:`, `slug:` with and
without `/`, `expirydate`, `topics:`, a `layout:` the theme lacks, empty and duplicate keys,
misspelt keys), relative `.md` links (some broken, some to `#anchors`), raw HTML blocks (with
`.md` links and ids in them), `{#id}` heading attributes, headings with entities and quotes,
and images under `static/`, some without alt text.

    python3 bench/migrated.py OUT [--pages 4000] [--seed 20261206]

OUT gets `site.yml` for portal (default theme of this repository, raw HTML kept), `hugo.yaml`
and `layouts/` for Hugo on the same `content/` and `static/`, and `planted.json`: how many of
each problem were planted, to compare with what `portal build` reports. The same arguments
always give the same bytes. It times nothing: the lead counts build rounds to a clean site
and times portal against Hugo (`hugo --quiet` in OUT).
"""
import argparse
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

WORDS = ("peer support work recovery boundaries balance stress supervision mentor network "
         "wellness plan training hours certification care community health home purpose "
         "listen trust choice hope culture strength respect team role clarity rest").split()
SECTIONS = ["news", "guides", "training", "policies", "events", "stories", "resources", "faq",
            "research", "programs", "regions", "archive"]
TOPICS = ["boundaries", "burnout", "supervision", "certification", "self-care", "grief", "ethics", "peer-work"]
IMAGES = 40


class Plan:
    """Counts what was planted, by kind."""

    def __init__(self):
        self.counts = {}

    def add(self, kind, n=1):
        self.counts[kind] = self.counts.get(kind, 0) + n


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sentence(rng, n):
    return words(rng, n).capitalize() + "."


def page_path(section, index):
    return f"{section}/post-{index:05d}.md"


def front_matter(rng, plan, section, index, title, pages, fixed, today_year=2026):
    """YAML lines as a Hugo site writes them; about one page in ten has something to fix (with
    `fixed`, the same page as an editor leaves it once every finding is fixed). Returns the lines
    and whether the page has expired."""
    lines = [f"title: \"{title}\""]
    expired = False
    roll = rng.random()
    # With `fixed`, the same random numbers are drawn in the same order: the sites differ only
    # where a problem was planted.
    if fixed and roll < 0.02:
        lines.append(f"description: {sentence(rng, 8)}")
    elif fixed and roll < 0.05:
        lines.append(f"description: About {title}.")
    elif roll < 0.02:
        lines.append(f"descripton: {sentence(rng, 8)}")  # misspelt: a warning with "did you mean"
        plan.add("misspelt-key")
    elif roll < 0.05:
        plan.add("missing-description")
    else:
        lines.append(f"description: {sentence(rng, 10)}")
    if rng.random() < 0.01 and not fixed:
        lines.append("wieght: 3")
        plan.add("misspelt-key")
    lines.append(f"date: {today_year - rng.randint(0, 8)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    lines.append(f"weight: {index + 1}" if rng.random() > 0.01 else "weight:")  # empty keys, as Hugo allows
    if rng.random() < 0.45:
        year = today_year - rng.randint(1, 5) if rng.random() < 0.5 else today_year + rng.randint(1, 3)
        lines.append(f"expirydate: {year}-06-30")
        expired = year < today_year
        plan.add("expired" if expired else "expires-later")
    if rng.random() < 0.6:
        chosen = sorted(set(rng.choice(TOPICS) for _ in range(rng.randint(1, 3))))
        lines.append("topics: [" + ", ".join(chosen) + "]")
    roll = rng.random()
    if roll < 0.05:
        lines.append(f"aliases: [/old/{section}/{index}/, /{section}/p{index}.html]")
    elif roll < 0.055 and fixed:
        rng.randrange(pages)
        lines.append(f"aliases: [/old/{section}/{index}/]")
    elif roll < 0.055:
        # The address of another page: Hugo publishes the page there, no redirect.
        other = rng.randrange(pages)
        lines.append(f"aliases: [/{SECTIONS[other % len(SECTIONS)]}/post-{other // len(SECTIONS):05d}/]")
        plan.add("alias-collision")
    elif roll < 0.06:
        lines.append("aliases:")
    roll = rng.random()
    if roll < 0.01:
        lines.append(f"url: /legacy/{section}-{index}/")
        plan.add("url")
    elif roll < 0.015:
        lines.append(f"slug: {section}/{index}-moved")  # a slug with '/', which Hugo accepts
        plan.add("slug-with-slash")
    elif roll < 0.05:
        lines.append(f"slug: {words(rng, 2).replace(' ', '-')}-{index}")
    if rng.random() < 0.005 and not fixed:
        lines.append("layout: wide")  # not in the theme: Hugo falls back
        plan.add("missing-layout")
    if rng.random() < 0.004:
        lines.append("draft: false")
        if not fixed:
            lines.append("draft: true")  # a key written twice: the last wins in Hugo
            plan.add("duplicate-key")
    if rng.random() < 0.003 and not fixed:
        lines.append("weight: first")  # a wrong type
        plan.add("front-matter-error")
    return lines, expired


def heading(rng, plan, level, number):
    text = sentence(rng, rng.randint(2, 5))[:-1]
    roll = rng.random()
    if roll < 0.08:
        text = f"{text} &amp; {rng.choice(WORDS)}"
    elif roll < 0.14:
        text = f"\"{text}\" -- {rng.choice(WORDS)}"
    elif roll < 0.18:
        text = f"{text} <em>{rng.choice(WORDS)}</em>"
    suffix = f" {{#part-{number}}}" if rng.random() < 0.1 else ""
    return "#" * level + " " + text + suffix


def link_target(rng, pages, expired, fixed):
    """Another page's file, relative to this one; with `fixed`, never one that has expired (a
    link to it is reported: it is not published)."""
    other = rng.randrange(pages)
    while fixed and other in expired:
        other = (other + 1) % pages
    return "../" + page_path(SECTIONS[other % len(SECTIONS)], other // len(SECTIONS))


def body(rng, plan, section, index, pages, expired, fixed):
    parts = [sentence(rng, rng.randint(10, 25))]
    number = 0
    level = 1  # the title, which the layout shows as h1
    for _ in range(rng.randint(4, 14)):
        kind = rng.random()
        if kind < 0.25:
            number += 1
            # Now and then a level is skipped (h2 to h4), as converted content does.
            if rng.random() < 0.02 and not fixed:
                level = min(level + 2, 6)  # a level skipped: h1 (the title) then h3, h2 then h4...
                plan.add("heading-order")
            else:
                level = 2 if level != 2 or rng.random() < 0.7 else 3
            parts.append(heading(rng, plan, level, number))
        elif kind < 0.55:
            target = link_target(rng, pages, expired, fixed)
            if rng.random() < 0.01:
                if not fixed:
                    target = target.replace(".md", "-old.md")
                    plan.add("broken-link")
            elif rng.random() < 0.05 and not fixed:
                target += "#part-1"  # the page may have no such heading
            parts.append(f"{sentence(rng, rng.randint(8, 20))} See [{words(rng, 3)}]({target}).")
        elif kind < 0.65:
            image = rng.randrange(IMAGES)
            alt = ("" if not fixed else f"figure {image}") if rng.random() < 0.05 else words(rng, 4)
            if not alt:
                plan.add("image-without-alt")
            parts.append(f"![{alt}](/images/figure-{image:02d}.png)")
        elif kind < 0.72:
            target = link_target(rng, pages, expired, fixed)
            parts.append(
                f"<div class=\"note\">\n<p>{sentence(rng, 12)} <a href=\"{target}\">{words(rng, 2)}</a></p>\n</div>")
            plan.add("raw-html-block")
        elif kind < 0.74:
            number += 1
            parts.append(f"<h2 id=\"part-{number}\">{sentence(rng, 3)[:-1]}</h2>")
            plan.add("raw-html-heading")
        elif kind < 0.8:
            rows = ["| Item | Hours | Note |", "|---|---:|---|"]
            rows += [f"| {rng.choice(WORDS)} | {rng.randint(1, 20)} | {sentence(rng, 3)} |" for _ in range(3)]
            parts.append("\n".join(rows))
        else:
            parts.append(" ".join(sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 5))))
    if rng.random() < 0.01 and not fixed:
        parts.append("# " + sentence(rng, 3)[:-1])  # a second h1
        plan.add("second-h1")
    return "\n\n".join(parts) + "\n"


def png(seed):
    """A small valid PNG (1x1, grey level from the seed)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00" + bytes([seed % 256])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def generate(out, pages, seed, fixed=False):
    plan = Plan()
    content = os.path.join(out, "content")
    if os.path.exists(content):
        shutil.rmtree(content)
    os.makedirs(content)
    with open(os.path.join(content, "_index.md"), "w") as f:
        f.write("---\ntitle: A migrated site\ndescription: Generated to look like a site moved from Hugo.\n---\n\n"
                "Start with the [guides](guides/_index.md).\n")
    for number, section in enumerate(SECTIONS):
        os.makedirs(os.path.join(content, section))
        with open(os.path.join(content, section, "_index.md"), "w") as f:
            f.write(f"---\ntitle: {section.capitalize()}\ndescription: The {section} section.\nweight: {number + 1}\n"
                    f"---\n\nEverything about {section}.\n")
    # Front matter first, so that bodies know which pages expired; each page keeps its own stream.
    heads = []
    expired = set()
    for index in range(pages):
        rng = random.Random(seed * 1_000_003 + index)
        title = f"{sentence(rng, rng.randint(2, 6))[:-1]} {index}"
        matter, gone = front_matter(rng, plan, SECTIONS[index % len(SECTIONS)], index // len(SECTIONS), title, pages,
                                    fixed)
        if gone:
            expired.add(index)
        heads.append((rng, matter))
    for index, (rng, matter) in enumerate(heads):
        section = SECTIONS[index % len(SECTIONS)]
        local = index // len(SECTIONS)
        text = body(rng, plan, section, local, pages, expired, fixed)
        with open(os.path.join(content, page_path(section, local)), "w") as f:
            f.write("---\n" + "\n".join(matter) + "\n---\n\n" + text)
    images = os.path.join(out, "static", "images")
    os.makedirs(images, exist_ok=True)
    for image in range(IMAGES):
        with open(os.path.join(images, f"figure-{image:02d}.png"), "wb") as f:
            f.write(png(image))

    themes = os.path.join(REPO, "themes")
    with open(os.path.join(out, "site.yml"), "w") as f:
        f.write("# portal build / portal serve (bench/migrated.py)\n"
                "base_url: https://migrated.example.org/\n"
                f"themes_dir: {themes}\n"
                "theme: default\n"
                "languages:\n  en: {name: English, title: A migrated site}\n"
                "markdown:\n  unsafe_html: true\n")
    with open(os.path.join(out, "hugo.yaml"), "w") as f:
        f.write("# hugo --quiet (bench/migrated.py), on the same content/ and static/\n"
                "baseURL: https://migrated.example.org/\n"
                "languageCode: en\ntitle: A migrated site\n"
                "disableKinds: [RSS]\n"
                "taxonomies: {topic: topics}\n"
                "markup: {goldmark: {renderer: {unsafe: true}}}\n")
    layouts = os.path.join(out, "layouts")
    if os.path.exists(layouts):
        shutil.rmtree(layouts)
    shutil.copytree(os.path.join(HERE, "hugo-layouts"), layouts)
    with open(os.path.join(out, "planted.json"), "w") as f:
        json.dump({"pages": pages, "seed": seed, "planted": dict(sorted(plan.counts.items()))}, f, indent=2)
        f.write("\n")
    return plan


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the folder to write the site into (made if missing)")
    parser.add_argument("--pages", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--fixed", action="store_true",
                        help="the same site with every planted problem fixed, as an editor leaves it")
    args = parser.parse_args()
    if args.pages < 1:
        sys.exit("--pages must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    plan = generate(args.out, args.pages, args.seed, args.fixed)
    print(f"Wrote {args.pages} pages into {args.out}; planted:")
    for kind, count in sorted(plan.counts.items()):
        print(f"  {kind}: {count}")
    print(f"portal: cd {args.out} && portal build    hugo: cd {args.out} && hugo --quiet")


if __name__ == "__main__":
    main()
