"""Generates a deterministic benchmark corpus: the same pages for Peer Portal and for Hugo.

Pages are 300-1,500 words of Markdown with headings, lists, tables, links between pages and
front matter, spread over sections. Portal pages link to .md files (which the builder rewrites);
Hugo pages link to the pretty URLs Hugo writes, so both do the same work.
"""
import os
import random

WORDS = ("peer support work recovery boundaries balance stress supervision mentor network "
         "wellness plan training hours certification care community health home purpose "
         "listen trust choice hope culture strength respect team role clarity rest").split()


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng, index, pages_per_section, sections, for_hugo):
    words_target = rng.randint(300, 1500)
    parts, count, heading = [], 0, 0
    while count < words_target:
        kind = rng.random()
        if kind < 0.12:
            heading += 1
            parts.append(f"## {sentence(rng, 3)[:-1]} {heading}")
            count += 4
        elif kind < 0.22:
            items = [f"- {sentence(rng, rng.randint(4, 10))}" for _ in range(rng.randint(2, 6))]
            parts.append("\n".join(items))
            count += 7 * len(items)
        elif kind < 0.27:
            rows = ["| Item | Hours | Note |", "|---|---:|---|"]
            rows += [f"| {rng.choice(WORDS)} | {rng.randint(1, 20)} | {sentence(rng, 3)} |" for _ in range(4)]
            parts.append("\n".join(rows))
            count += 20
        else:
            text = " ".join(sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 5)))
            target = rng.randrange(sections * pages_per_section)
            section, page = divmod(target, pages_per_section)
            link = (f"../../s{section:03d}/p{page:05d}/" if for_hugo else f"../s{section:03d}/p{page:05d}.md")
            parts.append(f"{text} See [page {target}]({link}) and **{rng.choice(WORDS)}**.")
            count += len(text.split()) + 4
    return "\n\n".join(parts) + "\n"


# Ten sections at most: every page's navigation lists the sections, so a count that grew with the
# corpus would make each page bigger and the 100,000-page run measure the navigation, not how the
# builder scales with pages. Up to 10,000 pages the corpus is what it always was.
MAX_SECTIONS = 10
VERSION = f"sections<={MAX_SECTIONS}"


def generate(root, pages, for_hugo, seed=20261124, translated_every=0):
    """`translated_every`: 0 for one language; 5 for a site mid-translation, with a Spanish home
    and sections and every fifth page translated (`.es.md` beside it, as both tools read it)."""
    sections = max(1, min(MAX_SECTIONS, pages // 1000))
    per_section = (pages + sections - 1) // sections
    content = os.path.join(root, "content")
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(content, "_index.md"), "w") as f:
        f.write("---\ntitle: Benchmark\ndescription: Generated corpus.\n---\n\nA generated site.\n")
    if translated_every:
        with open(os.path.join(content, "_index.es.md"), "w") as f:
            f.write("---\ntitle: Prueba\ndescription: Corpus generado.\n---\n\nUn sitio generado.\n")
    made = 0
    for s in range(sections):
        folder = os.path.join(content, f"s{s:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "_index.md"), "w") as f:
            f.write(f"---\ntitle: Section {s}\ndescription: Section {s} of the corpus.\nweight: {s + 1}\n---\n\nSection {s}.\n")
        if translated_every:
            with open(os.path.join(folder, "_index.es.md"), "w") as f:
                f.write(f"---\ntitle: Sección {s}\ndescription: Sección {s} del corpus.\nweight: {s + 1}\n---\n\nSección {s}.\n")
        for p in range(per_section):
            if made >= pages:
                break
            rng = random.Random(seed * 1_000_003 + s * 100_000 + p)
            text = body(rng, p, per_section, sections, for_hugo)
            with open(os.path.join(folder, f"p{p:05d}.md"), "w") as f:
                f.write(f"---\ntitle: Page {s}-{p}\ndescription: Page {p} of section {s}.\nweight: {p + 1}\n"
                        f"topics: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n---\n\n{text}")
            if translated_every and p % translated_every == 0:
                # Links go to the English pages: most have no translation yet.
                es_text = text
                with open(os.path.join(folder, f"p{p:05d}.es.md"), "w") as f:
                    f.write(f"---\ntitle: Página {s}-{p}\ndescription: Página {p} de la sección {s}.\n"
                            f"weight: {p + 1}\n---\n\n{es_text}")
            made += 1
    return made
