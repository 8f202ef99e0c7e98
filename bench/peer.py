"""Side by side with Microsoft Presidio's analyzer on the same posts.

How Presidio is set up (no spaCy model exists on this machine):
- ``NoOpNlpEngine``, Presidio's own engine that loads no model and returns empty
  NLP artifacts, so only self-contained recognizers run;
- ``RecognizerRegistry.load_predefined_recognizers`` for English, which with the
  no-op engine adds no NER recognizer: what remains are the pattern recognizers
  (credit card, e-mail, phone, IBAN, IP, URL, date, NHS number, US ids...);
- tldextract (used by the e-mail recognizer) reads its bundled public-suffix
  snapshot instead of trying the network.
This is Presidio's cheapest configuration; one with a spaCy NER model is slower.
"""
from __future__ import annotations

import logging
import statistics
import time

from linter import Post

HOW = ("presidio-analyzer {version}: AnalyzerEngine with Presidio's NoOpNlpEngine (no spaCy model, empty NLP "
       "artifacts) and RecognizerRegistry.load_predefined_recognizers(languages=['en']) -> {count} pattern "
       "recognizers ({names}); no NER recognizer; tldextract on its bundled suffix list (offline).")
WARMUP_PASSES = 1
PASSES = 3


def build_analyzer():
    import tldextract
    import tldextract.tldextract as extractor_module
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    extractor_module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}])
    nlp.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"]), registry


def _per_post_medians(call, texts) -> list[float]:
    for _ in range(WARMUP_PASSES):
        for text in texts:
            call(text)
    per_post = [[] for _ in texts]
    for _ in range(PASSES):
        for i, text in enumerate(texts):
            started = time.perf_counter()
            call(text)
            per_post[i].append(time.perf_counter() - started)
    return [statistics.median(times) for times in per_post]


def run(engine, texts: list[str]) -> dict:
    from importlib.metadata import version
    analyzer, registry = build_analyzer()
    names = sorted(r.name for r in registry.recognizers)
    postlint = _per_post_medians(lambda text: engine.lint(Post(text=text)), texts)
    presidio = _per_post_medians(lambda text: analyzer.analyze(text=text, language="en"), texts)
    ours, theirs = statistics.median(postlint), statistics.median(presidio)
    return {
        "posts": len(texts), "passes": PASSES,
        "postlint_median_ms": round(ours * 1000, 4), "presidio_median_ms": round(theirs * 1000, 4),
        "postlint_total_ms": round(sum(postlint) * 1000, 1), "presidio_total_ms": round(sum(presidio) * 1000, 1),
        "presidio_over_postlint": round(theirs / ours, 2),
        "how": HOW.format(version=version("presidio-analyzer"), count=len(names), names=", ".join(names)),
    }
