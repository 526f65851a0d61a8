#!/usr/bin/env python3
"""Trains Downbeat's groove model: a velocity and a timing offset for every hit of a drum pattern.

The input is the quantized pattern (which of the 9 classes hit on each 16th step, plus the
step's position in the bar); a small dilated convolutional network sees 2 bars either side and
predicts, for every class of every step, the velocity (0..1) and the offset from the grid in
steps (-0.5..0.5) that a drummer of the Groove MIDI Dataset would play — humanization in the
spirit of Magenta's GrooVAE, but conditioned only on the pattern, so it runs on generated bars.

  /usr/bin/python3 model/training/groove.py --data ../shared/data/groove-midi \
      --out model/src/main/resources/dev/downbeat/model/bundled
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from groove_data import drum_hits, split_rows  # noqa: E402

CLASSES = 9
POSITIONS = 16
FEATURES = CLASSES + POSITIONS + 1  # hits + one-hot step-in-bar + tempo (bpm / 120)
OUTPUTS = 2 * CLASSES               # velocity, offset per class
CONTEXT = 32                        # receptive field either side, in steps


def read_performance(path):
    """Per step: hit mask, and for each class the velocity (0..1) and offset (steps) of its loudest hit."""
    per_step = {}
    for step, exact, c, velocity in drum_hits(path):
        slot = per_step.setdefault(step, {})
        if c not in slot or slot[c][0] < velocity:
            slot[c] = (velocity, exact - step)
    if not per_step:
        return None
    n = max(per_step) + 1
    hits = torch.zeros(n, CLASSES)
    target = torch.zeros(n, OUTPUTS)
    for s, slot in per_step.items():
        for c, (vel, off) in slot.items():
            hits[s, c] = 1
            target[s, c] = vel / 127.0
            target[s, CLASSES + c] = off
    return hits, target


def features(hits, bpm):
    """The network's input for a pattern played at a tempo: hits, position in bar, bpm / 120."""
    n = hits.shape[0]
    pos = torch.zeros(n, POSITIONS)
    pos[torch.arange(n), torch.arange(n) % POSITIONS] = 1
    return torch.cat([hits, pos, torch.full((n, 1), bpm / 120.0)], 1)


def load(root, split):
    out = []
    for row in split_rows(root, split):
        p = read_performance(os.path.join(root, row['midi_filename']))
        if p is not None and p[0].shape[0] >= 16:
            out.append(p + (float(row['bpm']),))
    return out


class GrooveNet(nn.Module):
    """Input [B, T, 25] -> [B, T, 18]: velocity (sigmoid) and offset (0.5 tanh) per class."""

    def __init__(self, width=96):
        super().__init__()
        layers, ch = [], FEATURES
        for d in (1, 2, 4, 8, 16):
            layers += [nn.Conv1d(ch, width, 3, padding=d, dilation=d), nn.ReLU()]
            ch = width
        self.body = nn.Sequential(*layers)
        self.head = nn.Conv1d(width, OUTPUTS, 1)

    def forward(self, x):
        y = self.head(self.body(x.transpose(1, 2))).transpose(1, 2)
        return torch.cat([torch.sigmoid(y[..., :CLASSES]), 0.5 * torch.tanh(y[..., CLASSES:])], -1)


def masked_errors(pred, target, hits):
    """Mean absolute velocity error and offset error over real hits."""
    m = hits.bool()
    vel = (pred[..., :CLASSES] - target[..., :CLASSES]).abs()[m].mean().item()
    off = (pred[..., CLASSES:] - target[..., CLASSES:]).abs()[m].mean().item()
    return vel, off


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--epochs', type=int, default=40)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--window', type=int, default=128)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    train, valid = load(a.data, 'train'), load(a.data, 'validation')
    print(f'train {len(train)} performances, validation {len(valid)}', flush=True)

    def windows(perfs):
        xs, ts, hs = [], [], []
        for hits, target, bpm in perfs:
            for s in range(0, hits.shape[0] - 16, a.window // 2):
                h, t = hits[s:s + a.window], target[s:s + a.window]
                pad = a.window - h.shape[0]
                if pad:
                    h = torch.cat([h, torch.zeros(pad, CLASSES)]); t = torch.cat([t, torch.zeros(pad, OUTPUTS)])
                xs.append(features(h, bpm)); ts.append(t); hs.append(h)
        return torch.stack(xs), torch.stack(ts), torch.stack(hs)

    tx, tt, th = windows(train)
    vx, vt, vh = windows(valid)
    # Baselines on validation: constant (mean velocity, no offset) and per-class per-position means.
    m_all = th.bool()
    mean_vel = tt[..., :CLASSES][m_all].mean()
    const = torch.cat([torch.full_like(vt[..., :CLASSES], mean_vel.item()), torch.zeros_like(vt[..., CLASSES:])], -1)
    pos_idx = torch.arange(a.window) % POSITIONS
    table = torch.zeros(POSITIONS, OUTPUTS)
    for p_ in range(POSITIONS):
        sel = th[:, pos_idx == p_]                      # [N, k, 9]
        tgt = tt[:, pos_idx == p_]
        cnt = sel.sum((0, 1)).clamp(min=1)
        table[p_, :CLASSES] = (tgt[..., :CLASSES] * sel).sum((0, 1)) / cnt
        table[p_, CLASSES:] = (tgt[..., CLASSES:] * sel).sum((0, 1)) / cnt
    per_pos = table[pos_idx].unsqueeze(0).expand_as(vt)
    baselines = {'constant': masked_errors(const, vt, vh), 'voicePositionMean': masked_errors(per_pos, vt, vh)}
    for k, (v_, o_) in baselines.items():
        print(f'baseline {k}: velocity MAE {v_:.4f}, offset MAE {o_:.4f} steps', flush=True)
    net = GrooveNet()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    g = torch.Generator().manual_seed(a.seed)
    best, best_state, history = 1e9, None, []
    for epoch in range(a.epochs):
        order = torch.randperm(tx.shape[0], generator=g)
        for i in range(0, len(order), 64):
            idx = order[i:i + 64]
            pred = net(tx[idx])
            m = th[idx].repeat(1, 1, 2)
            loss = ((pred - tt[idx]).abs() * m).sum() / m.sum()
            opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad():
            vel, off = masked_errors(net(vx), vt, vh)
        history.append({'epoch': epoch + 1, 'velocityMae': round(vel, 4), 'offsetMae': round(off, 4)})
        print(f'epoch {epoch + 1}: validation velocity MAE {vel:.4f}, offset MAE {off:.4f} steps', flush=True)
        if vel + off < best:
            best, best_state = vel + off, {k: v.clone() for k, v in net.state_dict().items()}
    net.load_state_dict(best_state)
    net.eval()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, 'groove.onnx')
    torch.onnx.export(net, torch.zeros(1, a.window, FEATURES), path, input_names=['features'],
                      output_names=['groove'], opset_version=13,
                      dynamic_axes={'features': {0: 'batch', 1: 'steps'}, 'groove': {0: 'batch', 1: 'steps'}})
    # Fixed-input reference for the Java parity test: the first validation window.
    with torch.no_grad():
        ref = net(vx[:1])[0]
    with open(os.path.join(a.out, 'groove_reference.json'), 'w') as f:
        json.dump({'features': [[round(v, 6) for v in r] for r in vx[0].tolist()], 'groove': [[round(v, 6) for v in r] for r in ref.tolist()]}, f)
    with open(os.path.join(a.out, 'groove_spec.json'), 'w') as f:
        json.dump({'format': 'downbeat-groove', 'version': 1, 'classes': CLASSES, 'positions': POSITIONS,
                   'features': FEATURES, 'outputs': OUTPUTS, 'context': CONTEXT,
                   'inputName': 'features', 'outputName': 'groove',
                   'data': 'Groove MIDI Dataset v1.0.0 (Gillick, Roberts, Engel, Eck, Bamman; Magenta), CC BY 4.0, train split',
                   'history': history,
                   'baselines': {k: {'velocityMae': round(v_, 4), 'offsetMae': round(o_, 4)} for k, (v_, o_) in baselines.items()}, 'command': 'model/training/groove.py'}, f, indent=2)
    print(f'exported {path}')


if __name__ == '__main__':
    main()
