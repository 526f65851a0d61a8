"""Reads the Groove MIDI Dataset into DrumRNN event sequences (one int 0..511 per 16th step).

Notes are quantized to the nearest 16th in ticks (the files have one tempo each);
pitches map to the 9 classes by the tutorial's table plus the TD-11 hi-hat
edges 22 and 26. Velocity-0 note-ons are note-offs and are skipped.
"""
import csv
import os

import mido

CLASS_PITCHES = [
    [36, 35],
    [38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85],
    [42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22],
    [46, 67, 72, 74, 79, 81, 26],
    [45, 29, 41, 61, 64, 84],
    [48, 47, 60, 63, 77, 86, 87],
    [50, 30, 43, 62, 76, 83],
    [49, 55, 57, 58],
    [51, 52, 53, 59, 82],
]
PITCH_TO_CLASS = {p: c for c, ps in enumerate(CLASS_PITCHES) for p in ps}
STEPS_PER_QUARTER = 4


def drum_hits(path):
    """Every drum note-on of a MIDI file as (step, exact, drum class, velocity), in track order.

    step is the nearest 16th (rounded in whole ticks), exact the position in 16ths as a float.
    """
    mid = mido.MidiFile(path)
    for track in mid.tracks:
        tick = 0
        for msg in track:
            tick += msg.time
            if msg.type == 'note_on' and msg.velocity > 0 and msg.note in PITCH_TO_CLASS:
                exact = tick * STEPS_PER_QUARTER / mid.ticks_per_beat
                step = int((tick * STEPS_PER_QUARTER + mid.ticks_per_beat // 2) // mid.ticks_per_beat)
                yield step, exact, PITCH_TO_CLASS[msg.note], msg.velocity


def midi_to_events(path):
    steps = {}
    for step, _, drum, _ in drum_hits(path):
        steps[step] = steps.get(step, 0) | (1 << drum)
    if not steps:
        return []
    return [steps.get(s, 0) for s in range(max(steps) + 1)]


def split_rows(root, split):
    """The info.csv rows of one split, in file order (deterministic)."""
    with open(os.path.join(root, 'info.csv'), newline='') as f:
        for row in csv.DictReader(f):
            if row['split'] == split:
                yield row


def load_split(root, split):
    """All sequences of one split, in info.csv order (deterministic)."""
    seqs = []
    for row in split_rows(root, split):
        ev = midi_to_events(os.path.join(root, row['midi_filename']))
        if len(ev) >= 2:
            seqs.append(ev)
    return seqs
