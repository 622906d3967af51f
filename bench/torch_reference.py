"""PyTorch CPU reference for bench/training-throughput.bench.ts.

The same fastText-style model as lib/ml/text-classifier.ts (hashed ids -> mean EmbeddingBag ->
Linear(dim, 1) -> sigmoid), the same initialisation ranges, plain SGD with the same linear
learning-rate decay and class weights, on the exact feature ids the TypeScript bench hashed and
wrote to --data. The embedding gradient is sparse, as in fastText, so a step touches only the
rows in its batch: this is the fast way to train this model in PyTorch, not a strawman.

Prints one JSON line: {"samplesPerSecond": median over epochs, "epochs": [...], ...}.
Needs `pip install torch`.
"""

import argparse
import json
import os
import statistics
import time

import torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help='JSON: {"buckets": n, "ids": [[int]], "labels": [0|1]}')
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--dim", type=int, default=16)
    parser.add_argument("--lr", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    with open(args.data, encoding="utf-8") as f:
        data = json.load(f)
    buckets = int(data["buckets"])
    features = [torch.tensor(ids, dtype=torch.int64) for ids in data["ids"]]
    labels = torch.tensor(data["labels"], dtype=torch.float32)
    n = len(features)

    embedding = torch.nn.EmbeddingBag(buckets, args.dim, mode="mean", sparse=True)
    torch.nn.init.uniform_(embedding.weight, -1 / args.dim, 1 / args.dim)
    dense = torch.nn.Linear(args.dim, 1)
    bound = (6 / (args.dim + 1)) ** 0.5
    torch.nn.init.uniform_(dense.weight, -bound, bound)
    torch.nn.init.zeros_(dense.bias)
    params = list(embedding.parameters()) + list(dense.parameters())
    optimizer = torch.optim.SGD(params, lr=args.lr)

    positives = float(labels.sum())
    weight_neg, weight_pos = n / (2 * (n - positives)), n / (2 * positives)
    batches = (n + args.batch_size - 1) // args.batch_size
    total_steps = args.epochs * batches
    per_epoch, losses = [], []
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        started = time.perf_counter()
        order = torch.randperm(n, generator=generator).tolist()
        loss_sum = 0.0
        for b in range(batches):
            rows = order[b * args.batch_size : (b + 1) * args.batch_size]
            ids = [features[i] for i in rows]
            flat = torch.cat(ids)
            offsets = torch.tensor([0] + [len(t) for t in ids[:-1]]).cumsum(0)
            y = labels[rows].unsqueeze(1)
            weights = y * (weight_pos - weight_neg) + weight_neg
            step = epoch * batches + b
            for group in optimizer.param_groups:
                group["lr"] = args.lr * (1 - step / total_steps)
            optimizer.zero_grad()
            logits = dense(embedding(flat, offsets))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y, weight=weights)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(rows)
        seconds = time.perf_counter() - started
        per_epoch.append(n / seconds)
        losses.append(loss_sum / n)

    print(
        json.dumps(
            {
                "backend": "torch-cpu",
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "samplesPerSecond": statistics.median(per_epoch),
                "epochs": per_epoch,
                "loss": losses,
            }
        )
    )


if __name__ == "__main__":
    main()
