#!/usr/bin/python3
"""The PyTorch values the tests quote (tests/REFERENCES.md). f(w) = w^2 / 2 from w_0 = 1, so
the gradient is w; three steps of torch.optim.SGD. Run by hand with Debian's python3-torch:
    /usr/bin/python3 tests/reference/torch_values.py"""
import torch

print("torch", torch.__version__)
for kw in (dict(lr=0.1), dict(lr=0.1, momentum=0.9), dict(lr=0.1, momentum=0.9, nesterov=True),
           dict(lr=0.1, momentum=0.9, dampening=0.9), dict(lr=0.1, momentum=0.9, weight_decay=0.1),
           dict(lr=0.1, momentum=0.9, maximize=True), dict(lr=0.0, momentum=0.9),
           dict(lr=0.1, momentum=0.9, dampening=2.0), dict(lr=0.1, momentum=0.9, dampening=-0.5),
           dict(lr=0.1, momentum=0.9, weight_decay=0.1, maximize=True)):
    w = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], **kw)
    out = []
    for _ in range(3):
        opt.zero_grad()
        (w * w / 2).sum().backward()
        opt.step()
        out.append(repr(w.item()))
    print(f"SGD({kw}) w1, w2, w3 ->", ", ".join(out))
