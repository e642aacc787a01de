"""The GPT-style decoder of test/models trained by Loom and by PyTorch.

scripts/export_torch_models.py's decoder (vocabulary 1024, 128 positions,
width 384, 8 heads, 4 pre-norm blocks: 7.6 M parameters) is exported as
`loomc --train` imports a training step (train_vs_torch.export: training
mode, no constant folding, so its x.size()-derived reshapes arrive as shape
computations the importer must fold), compiled with Adam and with SGD
(momentum, weight decay), and trained by `loom-run --train` for STEPS steps
of next-token cross-entropy on seeded batches of 2 sequences of 32 tokens
(the model takes up to 128; shorter keeps the test short); PyTorch
trains the same initial weights on the same batches. The loss must agree
at every step within rel 1e-4 and every final parameter within rel 1e-3
(L2), the acceptance of issue 16. About 30 s on 2 cores.

usage: train_decoder.py LOOMC LOOM_RUN
"""

import os
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)),
                                "scripts"))
import export_torch_models  # noqa: E402
import train_data_parallel as loop  # noqa: E402
import train_vs_torch as models  # noqa: E402

STEPS = 50
BATCH, SEQ, VOCAB = 2, 32, 1024
RUNS = [
    ("adam:lr=0.001,betas=0.9,0.999,eps=1e-8,weight_decay=0.01",
     lambda p: torch.optim.Adam(p, lr=0.001, betas=(0.9, 0.999), eps=1e-8,
                                weight_decay=0.01)),
    models.SGD_MOMENTUM,
]


def decoder():
    torch.manual_seed(0)
    return export_torch_models.GPT(vocab=VOCAB)


def torch_training(make_optimizer, tokens):
    net = decoder()
    net.train()
    optimizer = make_optimizer(net.parameters())
    losses = []
    for step in range(STEPS):
        batch = torch.from_numpy(tokens[step * BATCH:(step + 1) * BATCH])
        optimizer.zero_grad()
        logits = net(batch[:, :-1])
        loss = torch.nn.functional.cross_entropy(
            logits.reshape(-1, VOCAB), batch[:, 1:].reshape(-1))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, {k: v.detach().numpy() for k, v in net.named_parameters()}


def main():
    loomc, loom_run = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    tokens = np.random.default_rng(7).integers(0, VOCAB,
                                               (STEPS * BATCH, SEQ + 1))
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        model = os.path.join(work, "decoder.onnx")
        models.export(decoder(), (BATCH, SEQ), True, model)
        data = os.path.join(work, "batches.npz")
        np.savez(data, x=tokens[:, :-1].copy(), labels=tokens[:, 1:].copy())
        for spec, make_optimizer in RUNS:
            expected_losses, expected_params = torch_training(make_optimizer,
                                                              tokens)
            step = os.path.join(work, "step.loom")
            loop.run([loomc, model, "--train",
                      "--loss=cross_entropy:logits,labels",
                      "--optimizer=" + spec, "-o", step,
                      "--initial-state=" + os.path.join(work, "init.npz")])
            losses, state = loop.train(loom_run, step, work, "decoder", data)
            worst = max(abs(a - b) / abs(b)
                        for a, b in zip(losses, expected_losses))
            worst_param, worst_name = 0.0, "-"
            for name, value in expected_params.items():
                if name not in state:
                    print("FAIL: %s: the step does not train %s" % (spec, name))
                    failures += 1
                    continue
                error = (np.linalg.norm(state[name] - value) /
                         max(np.linalg.norm(value), 1e-12))
                if error > worst_param:
                    worst_param, worst_name = error, name
            print("%s: %d steps, loss %.6f -> %.6f (PyTorch %.6f -> %.6f), "
                  "worst relative loss difference %.2e, parameter %.2e (%s)"
                  % (spec, len(losses), losses[0], losses[-1],
                     expected_losses[0], expected_losses[-1], worst,
                     worst_param, worst_name))
            if len(losses) != STEPS or worst > 1e-4:
                print("FAIL: %s: losses differ" % spec)
                failures += 1
            if worst_param > 1e-3:
                print("FAIL: %s: %s differs by %.2e" % (spec, worst_name,
                                                        worst_param))
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
