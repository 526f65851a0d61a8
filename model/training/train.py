#!/usr/bin/env python3
"""Trains Downbeat's drum model (DrumRNN, drum_kit_rnn shapes) and exports it for ONNX Runtime.

  /usr/bin/python3 model/training/train.py --data ../shared/data/groove-midi --work model/training/work \
      --out model/src/main/resources/dev/downbeat/model/bundled

Resumable: the latest checkpoint in --work is picked up. Deterministic: fixed seeds,
one thread, data in info.csv order, windows shuffled by a seeded generator.
The export writes drum_rnn.onnx, spec.json and reference.json (fixed-input logits
that the Java tests compare ONNX Runtime against).

Your own drums (what `downbeat train` runs): --midi-dir DIR takes every .mid/.midi file under DIR,
holds out a seeded share of the files for validation (--valid-fraction), and --init MODEL starts
from a model's weights (a model folder, its drum_rnn.onnx, or a .pt state dict) to fine-tune:
  /usr/bin/python3 model/training/train.py --midi-dir ~/my-drums --init path/to/bundled \
      --work /tmp/work --out ~/drum-models/mine --lr 5e-4
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drumrnn as D  # noqa: E402
import groove_data  # noqa: E402
import init_weights  # noqa: E402

SEED_PATTERN = [[0, 2], [0], [2, 5, 8], [], [2, 5, 8], [], [0, 2, 5, 8], [4, 5, 8], [], [0, 5, 8]]


def windows(seqs, length, hop):
    """Windows of length+1 events starting on bar lines (every 16 steps)."""
    out = []
    for s in seqs:
        for start in range(0, max(1, len(s) - 1), hop):
            w = s[start:start + length + 1]
            if len(w) < 17:
                break
            out.append(w)
    return out


def batch_tensors(ws):
    """Pads to the longest window; targets of padding are -100 (ignored)."""
    T = max(len(w) for w in ws) - 1
    xs = torch.zeros(len(ws), T, D.INPUT_SIZE)
    ys = torch.full((len(ws), T), -100, dtype=torch.long)
    for b, w in enumerate(ws):
        n = len(w) - 1
        xs[b, :n] = D.encode_inputs(w[:-1])
        ys[b, :n] = torch.tensor(w[1:])
    return xs, ys


def evaluate(model, seqs, length):
    """Mean NLL (nats/step) over every prediction of every window, dropout off."""
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        ws = windows(seqs, length, length)
        for i in range(0, len(ws), 256):
            xs, ys = batch_tensors(ws[i:i + 256])
            logits = model(xs)
            loss = F.cross_entropy(logits.reshape(-1, D.NUM_CLASSES), ys.reshape(-1), ignore_index=-100, reduction='sum')
            total += loss.item()
            count += (ys != -100).sum().item()
    model.train()
    return total / count


def export(model, out_dir, meta):
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    step = D.SingleStep(model)
    x = torch.zeros(1, D.INPUT_SIZE)
    s = torch.zeros(1, D.STATE_SIZE)
    onnx_path = os.path.join(out_dir, 'drum_rnn.onnx')
    torch.onnx.export(step, (x, s), onnx_path, input_names=['inputs', 'state'],
                      output_names=['logits', 'state_out'], opset_version=13,
                      dynamic_axes={'inputs': {0: 'batch'}, 'state': {0: 'batch'},
                                    'logits': {0: 'batch'}, 'state_out': {0: 'batch'}})
    step.eval()   # export restores the wrapper's (training) mode on the whole tree: the reference needs dropout off
    # Reference logits: the default seed, then a fixed continuation, step by step.
    events = [sum(1 << c for c in step_) for step_ in SEED_PATTERN] + [1, 4, 0, 4, 2 + 1, 4, 0, 4]
    xs = D.encode_inputs(events)
    state = s
    ref = []
    with torch.no_grad():
        for t in range(len(events)):
            logits, state = step(xs[t:t + 1], state)
            ref.append([round(v, 6) for v in logits[0].tolist()])
    with open(os.path.join(out_dir, 'reference.json'), 'w') as f:
        json.dump({'events': events, 'logits': ref}, f)
    spec = {
        'format': 'downbeat-drumrnn', 'version': 1,
        'architecture': 'drum_kit_rnn: 3x256 BasicLSTMCell in AttentionCellWrapper(32), 512 classes',
        'inputSize': D.INPUT_SIZE, 'numClasses': D.NUM_CLASSES, 'counterBits': D.COUNTER_BITS,
        'stateSize': D.STATE_SIZE, 'inputName': 'inputs', 'stateName': 'state',
        'logitsName': 'logits', 'stateOutName': 'state_out', 'stepsPerQuarter': 4,
        'classPitches': groove_data.CLASS_PITCHES,
        'training': meta,
    }
    with open(os.path.join(out_dir, 'spec.json'), 'w') as f:
        json.dump(spec, f, indent=2)
    print(f'exported {onnx_path} ({os.path.getsize(onnx_path)} bytes)')


MIDI_SUFFIXES = ('.mid', '.midi')
MIN_STEPS = 17   # one bar plus the step it predicts: the shortest window training uses


def fail(message):
    print(f'train.py: {message}', file=sys.stderr, flush=True)
    sys.exit(2)


def load_midi_dir(root, valid_fraction, seed):
    """Every MIDI file under root as event sequences, split by file into train and validation with a
    seeded shuffle. One file alone is split in time instead (its last 15 % validates)."""
    if not os.path.isdir(root):
        fail(f'--midi-dir {root} is not a folder')
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.lower().endswith(MIDI_SUFFIXES))
    if not paths:
        fail(f'no MIDI files (.mid, .midi) under {root}')
    seqs, skipped = [], []
    for path in paths:
        try:
            events = groove_data.midi_to_events(path)
        except Exception as e:  # mido raises many types for a broken file
            skipped.append(f'{os.path.relpath(path, root)} (not a readable MIDI file: {e})')
            continue
        if len(events) < MIN_STEPS:
            skipped.append(f'{os.path.relpath(path, root)} ('
                           + ('no drum notes' if not events else f'only {len(events)} steps, less than one bar') + ')')
            continue
        seqs.append(events)
    if skipped:
        print(f'skipped {len(skipped)} of {len(paths)} files: ' + '; '.join(skipped), flush=True)
    if not seqs:
        fail(f'none of the {len(paths)} MIDI files under {root} has a bar or more of drums '
             f'(General MIDI drum notes, e.g. 36 kick, 38 snare, 42 hi-hat)')
    if len(seqs) == 1:
        cut = max(MIN_STEPS, int(len(seqs[0]) * 0.85))
        if len(seqs[0]) - cut < MIN_STEPS:
            fail(f'one MIDI file of {len(seqs[0])} steps is too short to hold out a validation part; '
                 f'give at least two files or one of {2 * MIN_STEPS}+ steps')
        return [seqs[0][:cut]], [seqs[0][cut:]], 1
    order = list(range(len(seqs)))
    random.Random(seed).shuffle(order)
    n_valid = min(len(seqs) - 1, max(1, round(valid_fraction * len(seqs))))
    valid = [seqs[i] for i in sorted(order[:n_valid])]
    train = [seqs[i] for i in sorted(order[n_valid:])]
    return train, valid, len(seqs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', help='folder with info.csv (Groove MIDI layout)')
    ap.add_argument('--midi-dir', help='instead of --data: a folder of your own MIDI files (searched recursively)')
    ap.add_argument('--valid-fraction', type=float, default=0.1,
                    help='with --midi-dir: share of the files held out for validation (seeded by --seed)')
    ap.add_argument('--init', help='start from these weights: a model folder, its drum_rnn.onnx, or a .pt state dict')
    ap.add_argument('--work', required=True, help='checkpoint folder (resumable)')
    ap.add_argument('--out', required=True, help='model folder to export')
    ap.add_argument('--epochs', type=int, default=20)
    ap.add_argument('--window', type=int, default=64)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--dropout', type=float, default=0.3)
    ap.add_argument('--clip', type=float, default=3.0)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--patience', type=int, default=3, help='epochs without validation gain before stopping')
    ap.add_argument('--max-batches', type=int, default=0, help='stop each epoch early (smoke tests)')
    ap.add_argument('--export-only', action='store_true')
    a = ap.parse_args()
    if (a.data is None) == (a.midi_dir is None):
        ap.error('give --data (Groove MIDI layout with info.csv) or --midi-dir (a folder of MIDI files)')

    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    os.makedirs(a.work, exist_ok=True)
    ckpt = os.path.join(a.work, 'last.pt')
    best_path = os.path.join(a.work, 'best.pt')

    if a.data is not None:
        train = groove_data.load_split(a.data, 'train')
        valid = groove_data.load_split(a.data, 'validation')
    else:
        train, valid, a.midi_files = load_midi_dir(a.midi_dir, a.valid_fraction, a.seed)
    print(f'train: {len(train)} files, {sum(map(len, train))} steps; validation: {len(valid)} files, '
          f'{sum(map(len, valid))} steps', flush=True)

    model = D.DrumRNN(dropout=a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    state = {'epoch': 0, 'history': [], 'best': math.inf, 'bad_epochs': 0}
    if os.path.exists(ckpt):
        saved = torch.load(ckpt)
        model.load_state_dict(saved['model']); opt.load_state_dict(saved['opt'])
        state = saved['state']
        if 'rng' in saved:   # dropout masks continue as in an uninterrupted run
            torch.set_rng_state(saved['rng'])
        print(f'resumed after epoch {state["epoch"]}', flush=True)
    elif a.init:
        try:
            a.init = init_weights.load_into(model, a.init)
        except ValueError as e:
            fail(str(e))
        # Fine-tuning must beat where it starts: the starting weights are the first "best".
        state['best'] = state['initialValidNll'] = evaluate(model, valid, 256)
        torch.save(model.state_dict(), best_path)
        print(f'starting from {a.init}: validation NLL {state["best"]:.4f} nats/step', flush=True)

    train_ws = windows(train, a.window, 16)   # overlapping windows, one per bar
    while not a.export_only and state['epoch'] < a.epochs and state['bad_epochs'] < a.patience:
        g = torch.Generator().manual_seed(a.seed * 1000 + state['epoch'])
        order = torch.randperm(len(train_ws), generator=g).tolist()
        stride = a.window // 16    # visit each step about once per epoch
        order = order[:max(1, len(order) // stride)]
        nb = math.ceil(len(order) / a.batch)
        if a.max_batches:
            nb = min(nb, a.max_batches)
        t0, run = time.time(), 0.0
        for b in range(nb):
            xs, ys = batch_tensors([train_ws[i] for i in order[b * a.batch:(b + 1) * a.batch]])
            logits = model(xs)
            loss = F.cross_entropy(logits.reshape(-1, D.NUM_CLASSES), ys.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
            run = loss.item() if b == 0 else 0.9 * run + 0.1 * loss.item()
            el = time.time() - t0
            print(f'\repoch {state["epoch"] + 1} batch {b + 1}/{nb} loss {run:.3f} '
                  f'{el:.0f}s eta {el / (b + 1) * (nb - b - 1):.0f}s', end='', flush=True)
        val = evaluate(model, valid, 256)
        state['epoch'] += 1
        state['history'].append({'epoch': state['epoch'], 'train_loss': round(run, 4),
                                 'valid_nll': round(val, 4), 'seconds': round(time.time() - t0)})
        if val < state['best']:
            state['best'], state['bad_epochs'] = val, 0
            state['best_epoch'] = state['epoch']
            torch.save(model.state_dict(), best_path)
            export(model, a.out, metadata(a, state))   # a usable model at every improvement
            model.train()
        else:
            state['bad_epochs'] += 1
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'state': state,
                    'rng': torch.get_rng_state()}, ckpt)
        print(f'\nepoch {state["epoch"]}: validation NLL {val:.4f} nats/step (best {state["best"]:.4f})', flush=True)

    model.load_state_dict(torch.load(best_path))
    export(model, a.out, metadata(a, state))
    summary(a, state)


def summary(a, state):
    ran = len(state['history'])
    if state['bad_epochs'] >= a.patience:
        why = f'stopped early: no validation gain for {a.patience} epochs'
    elif ran == 0 and a.export_only:
        why = 'export only'
    else:
        why = f'reached --epochs {a.epochs}'
    # Checkpoints written before best_epoch was recorded: the history tells.
    best_epoch = state.get('best_epoch') or next(
        (h['epoch'] for h in state['history'] if h['valid_nll'] == round(state['best'], 4)), 0)
    print(f'summary: {ran} epochs run ({why}); best validation NLL {state["best"]:.4f} nats/step '
          + (f'after epoch {best_epoch}' if best_epoch else 'from the starting weights')
          + (f' (started at {state["initialValidNll"]:.4f})' if 'initialValidNll' in state else '')
          + f'; model in {a.out}', flush=True)


def metadata(a, state):
    if a.midi_dir is not None:
        meta = {'data': f'your MIDI files in {os.path.abspath(a.midi_dir)} ({a.midi_files} files, '
                        f'{a.valid_fraction:g} held out for validation)',
                'validNll': round(state['best'], 4), 'history': state['history'],
                'hyperparameters': {k: getattr(a, k) for k in ['epochs', 'window', 'batch', 'lr', 'dropout', 'clip', 'seed',
                                                                'patience', 'max_batches', 'valid_fraction']},
                'command': 'downbeat train'}
        if a.init:
            meta['initializedFrom'] = a.init
            meta['initialValidNll'] = round(state['initialValidNll'], 4)
        return meta
    return {'data': 'Groove MIDI Dataset v1.0.0 (Gillick, Roberts, Engel, Eck, Bamman; Magenta), CC BY 4.0, train split',
            'validNll': round(state['best'], 4), 'history': state['history'],
            'hyperparameters': {k: getattr(a, k) for k in ['epochs', 'window', 'batch', 'lr', 'dropout', 'clip', 'seed']},
            'command': 'model/training/reproduce.sh'}


if __name__ == '__main__':
    main()
