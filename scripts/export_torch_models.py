#!/usr/bin/python3
"""Exports real models to ONNX with Debian's PyTorch, with seeded random
weights and no downloads: ResNet-18, ResNet-50, MobileNetV2 and
EfficientNet-B0 from torchvision, a GPT-style decoder, a BERT-style
encoder, an MLP, an LSTM language model, and a statically quantized
ResNet-18 in QDQ form.

    /usr/bin/python3 scripts/export_torch_models.py OUTDIR [NAME ...]

Without names, every model but the quantized ones (`*_qdq*`), which are
exported only when named.

Each model is written as OUTDIR/NAME.onnx (opset 17; the quantized ones 13,
where PyTorch 1.13 exports QDQ) together with
OUTDIR/NAME.input.npy and OUTDIR/NAME.output.npy: a seeded random input and
PyTorch's output for it, for checking a compiled model against PyTorch.
"""

import math
import os
import sys

import numpy as np
import torch
import torchvision


class CausalSelfAttention(torch.nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.heads = heads
        self.scale = 1.0 / math.sqrt(d_model // heads)
        self.qkv = torch.nn.Linear(d_model, 3 * d_model)
        self.proj = torch.nn.Linear(d_model, d_model)

    def forward(self, x):
        batch, seq, d_model = x.size()
        q, k, v = self.qkv(x).split(d_model, dim=2)
        # (batch, heads, seq, head_dim); sizes come from x.size(), so the
        # export carries Shape -> Gather -> Concat -> Reshape subgraphs.
        shape = (batch, seq, self.heads, d_model // self.heads)
        q = q.reshape(shape).transpose(1, 2)
        k = k.reshape(shape).transpose(1, 2)
        v = v.reshape(shape).transpose(1, 2)
        scores = (q @ k.transpose(-2, -1)) * self.scale
        mask = torch.triu(torch.ones(seq, seq, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(mask, float("-inf"))
        attention = torch.softmax(scores, dim=-1) @ v
        return self.proj(attention.transpose(1, 2).reshape(batch, seq, d_model))


class Block(torch.nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.ln1 = torch.nn.LayerNorm(d_model)
        self.attention = CausalSelfAttention(d_model, heads)
        self.ln2 = torch.nn.LayerNorm(d_model)
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(d_model, 4 * d_model), torch.nn.GELU(),
            torch.nn.Linear(4 * d_model, d_model))

    def forward(self, x):
        x = x + self.attention(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class GPT(torch.nn.Module):
    """A GPT-style decoder: token and position embeddings, pre-norm blocks
    of causal self-attention and a GELU MLP, a final norm and the LM head."""

    # 8 heads (of 48) divide over 2, 4 and 8 devices, so tensor parallelism
    # splits attention by whole heads on each of those meshes.
    def __init__(self, vocab=1024, seq=128, d_model=384, heads=8, layers=4):
        super().__init__()
        self.tokens = torch.nn.Embedding(vocab, d_model)
        self.positions = torch.nn.Parameter(torch.randn(1, seq, d_model) * 0.02)
        self.blocks = torch.nn.Sequential(*[Block(d_model, heads) for _ in range(layers)])
        self.norm = torch.nn.LayerNorm(d_model)
        self.head = torch.nn.Linear(d_model, vocab, bias=False)

    def forward(self, ids):
        x = self.tokens(ids) + self.positions[:, : ids.size(1)]
        return self.head(self.norm(self.blocks(x)))


class LstmLanguageModel(torch.nn.Module):
    """Token embedding, a two-layer LSTM (exported as two ONNX LSTM nodes)
    and the LM head."""

    def __init__(self, vocab=1000, d_embed=64, hidden=128, layers=2):
        super().__init__()
        self.tokens = torch.nn.Embedding(vocab, d_embed)
        self.lstm = torch.nn.LSTM(d_embed, hidden, num_layers=layers,
                                  batch_first=True)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, ids):
        states, _ = self.lstm(self.tokens(ids))
        return self.head(states)


def bert_encoder():
    """A BERT-style encoder: 4 post-norm layers of torch.nn.TransformerEncoder
    (d 256, 4 heads, feed-forward 1024, GELU), batch-first."""
    layer = torch.nn.TransformerEncoderLayer(d_model=256, nhead=4,
                                             dim_feedforward=1024,
                                             activation="gelu",
                                             batch_first=True)
    return torch.nn.TransformerEncoder(layer, num_layers=4,
                                       enable_nested_tensor=False)


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(1024, 4096), torch.nn.ReLU(),
                               torch.nn.Linear(4096, 1024))


def quantized_resnet18():
    """ResNet-18 with PyTorch's own post-training static quantization
    (qnnpack: per-tensor uint8 activations, int8 weights), which exports in
    QDQ form: QuantizeLinear/DequantizeLinear pairs around float Conv, Add
    and Gemm nodes. The batch-norm statistics and the calibration come from
    seeded random images, so that activations keep their scale through the
    layers as in a trained network (bench/quantized/README.md)."""
    from torchvision.models.quantization import resnet18
    model = resnet18(weights=None, quantize=False)
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.momentum = None  # a cumulative average
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(16, 3, 224, 224))
    model.eval()
    model.fuse_model()
    torch.backends.quantized.engine = "qnnpack"
    model.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    torch.ao.quantization.prepare(model, inplace=True)
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(16, 3, 224, 224))
    torch.ao.quantization.convert(model, inplace=True)
    return model


# name: (model, example input[, opset]); opset 17 unless given.
MODELS = {
    "resnet18": (lambda: torchvision.models.resnet18(), lambda: torch.randn(1, 3, 224, 224)),
    "resnet50": (lambda: torchvision.models.resnet50(), lambda: torch.randn(1, 3, 224, 224)),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(), lambda: torch.randn(1, 3, 224, 224)),
    "gpt": (lambda: GPT(), lambda: torch.randint(0, 1024, (1, 128))),
    "mlp": (mlp, lambda: torch.randn(64, 1024)),
    "lstm_lm": (lambda: LstmLanguageModel(), lambda: torch.randint(0, 1000, (2, 32))),
    "efficientnet_b0": (lambda: torchvision.models.efficientnet_b0(),
                        lambda: torch.randn(1, 3, 224, 224)),
    "bert_encoder": (bert_encoder, lambda: torch.randn(4, 64, 256)),
    # Batched copies (the same seeded weights) for data parallelism, which
    # splits the batch: the multi-device tests and bench/multi-device.
    "resnet50_batch8": (lambda: torchvision.models.resnet50(),
                        lambda: torch.randn(8, 3, 224, 224)),
    "resnet18_batch8": (lambda: torchvision.models.resnet18(),
                        lambda: torch.randn(8, 3, 224, 224)),
    "mobilenet_v2_batch8": (lambda: torchvision.models.mobilenet_v2(),
                            lambda: torch.randn(8, 3, 224, 224)),
    "efficientnet_b0_batch8": (lambda: torchvision.models.efficientnet_b0(),
                               lambda: torch.randn(8, 3, 224, 224)),
    "gpt_batch2": (lambda: GPT(), lambda: torch.randint(0, 1024, (2, 128))),
    # Quantized (QDQ): PyTorch 1.13 exports quantized models at opset 13.
    "resnet18_qdq": (quantized_resnet18, lambda: torch.randn(1, 3, 224, 224), 13),
    "resnet18_qdq_batch8": (quantized_resnet18,
                            lambda: torch.randn(8, 3, 224, 224), 13),
}


def export(name, directory):
    torch.manual_seed(0)
    make_model, make_input, *opset = MODELS[name]
    model = make_model().eval()
    example = make_input()
    with torch.no_grad():
        expected = model(example)
    path = os.path.join(directory, name + ".onnx")
    torch.onnx.export(model, (example,), path, opset_version=(opset or [17])[0],
                      input_names=["input"], output_names=["output"])
    np.save(os.path.join(directory, name + ".input.npy"), example.numpy())
    np.save(os.path.join(directory, name + ".output.npy"), expected.numpy())
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    # The quantized models (post-training calibration, ~20 s each) only
    # when named: bench/cpu/run.sh names them, the tests do not use them.
    names = sys.argv[2:] or [name for name in MODELS if "_qdq" not in name]
    for name in names:
        if name not in MODELS:
            sys.exit(f"unknown model '{name}'; known: {', '.join(MODELS)}")
        export(name, directory)


if __name__ == "__main__":
    main()
