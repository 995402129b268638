"""Retrieval-augmented generation: find the right notes for a question, then build the prompt.

Semantic search with sentence-transformers/all-MiniLM-L6-v2 next to a TF-IDF keyword
baseline, both scored on a question set with known answers.
"""

# --8<-- [start:chunk]
import csv
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def slug(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


# One chunk per "## " section of a frozen copy of these notes (the part before the
# first heading only describes the file).
notes = (DATA / "rag_corpus.md").read_text()
chunks = {}
for section in re.split(r"^## ", notes, flags=re.MULTILINE)[1:]:
    title, body = section.split("\n", 1)
    chunks[slug(title)] = title + "\n" + " ".join(body.split())  # the title helps both retrievers
chunk_ids = list(chunks)
chunk_texts = list(chunks.values())
print(f"{len(chunks)} chunks, for example:\n{chunks['transformers-and-self-attention']}\n")
# --8<-- [end:chunk]

# --8<-- [start:embed]
from sentence_transformers import SentenceTransformer

model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
# Unit-length vectors: the cosine similarity of two of them is just their dot product.
chunk_vectors = model.encode(chunk_texts, normalize_embeddings=True, convert_to_tensor=True)
print("chunk vectors:", tuple(chunk_vectors.shape))
# --8<-- [end:embed]

# --8<-- [start:retrieve]
from sentence_transformers import util


def retrieve(questions, k=3):
    """The ids of the k chunks most similar to each question, best first."""
    question_vectors = model.encode(questions, normalize_embeddings=True, convert_to_tensor=True)
    scores = util.cos_sim(question_vectors, chunk_vectors)  # (questions, chunks)
    return [[chunk_ids[i] for i in row] for row in scores.topk(k, dim=1).indices.tolist()]


question = (
    "How can an assistant answer from my company's internal documents without retraining the model?"
)
print(f"\n{question}\n  MiniLM top 3:", retrieve([question])[0])
# --8<-- [end:retrieve]

# --8<-- [start:baseline]
from sklearn.feature_extraction.text import TfidfVectorizer

# Keyword baseline: words weighted by how rare they are across chunks, common English
# words dropped. Rows come out L2-normalised, so the dot product is again the cosine.
tfidf = TfidfVectorizer(stop_words="english").fit(chunk_texts)
chunk_tfidf = tfidf.transform(chunk_texts)


def retrieve_tfidf(questions, k=3):
    scores = (tfidf.transform(questions) @ chunk_tfidf.T).toarray()
    # A stable sort keeps ties (often all zeros: no shared word) in corpus order.
    return [[chunk_ids[i] for i in (-row).argsort(kind="stable")[:k]] for row in scores]


print("  TF-IDF top 3:", retrieve_tfidf([question])[0])
# --8<-- [end:baseline]

# --8<-- [start:evaluate]
with open(DATA / "rag_questions.csv", newline="") as f:
    questions = list(csv.DictReader(f))  # columns: question, chunk (the answer), wording


def recall_at(k, retrieved, answers):
    """Share of questions whose answering chunk is among the first k retrieved."""
    return sum(answer in top[:k] for top, answer in zip(retrieved, answers)) / len(answers)


results = {}
print(f"\n{'questions':<16}{'retriever':<11}{'recall@1':>9}{'recall@3':>9}")
for wording in ("natural", "reworded"):
    subset = [q for q in questions if q["wording"] == wording]
    answers = [q["chunk"] for q in subset]
    for name, method in (("MiniLM", retrieve), ("TF-IDF", retrieve_tfidf)):
        retrieved = method([q["question"] for q in subset])
        at1, at3 = recall_at(1, retrieved, answers), recall_at(3, retrieved, answers)
        results[wording, name] = (at1, at3)
        label = f"{wording} ({len(subset)})"
        print(f"{label:<16}{name:<11}{at1:>9.3f}{at3:>9.3f}")
# --8<-- [end:evaluate]

# --8<-- [start:misses]
natural = [q for q in questions if q["wording"] == "natural"]
print("\nNatural questions where MiniLM's first chunk is not the answer:")
for q, top in zip(natural, retrieve([q["question"] for q in natural])):
    if top[0] != q["chunk"]:
        print(f"  {q['question']}\n    answer {q['chunk']!r}, retrieved {top}")
# --8<-- [end:misses]

# --8<-- [start:prompt]
def augmented_prompt(question, k=3):
    """Instructions, then the retrieved context, then the question last."""
    retrieved = retrieve([question], k)[0]
    context = "\n\n".join(f"[{n}] {chunks[chunk_id]}" for n, chunk_id in enumerate(retrieved, 1))
    return (
        "Answer the question using only the numbered context below, and cite the "
        "numbers you used. If the context does not contain the answer, say so.\n\n"
        f"Context:\n{context}\n\nQuestion: {question}\nAnswer:"
    )


prompt = augmented_prompt(question)
print("\n" + prompt)
# --8<-- [end:prompt]
