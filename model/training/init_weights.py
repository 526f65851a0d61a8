"""Starting weights for fine-tuning (train.py --init): a Downbeat model folder, its drum_rnn.onnx,
or a PyTorch state dict saved by train.py (best.pt / last.pt).

The ONNX graph's weights are plain initializers named after the PyTorch parameters with a
"model." prefix (model.linear1.weight, model.cells.0.bias, ...), so they are read back directly
from the protobuf with the few wire-format rules needed (no onnx package required).
"""
import os
import struct

import torch

_GRAPH, _INITIALIZER = 7, 5
_DIMS, _DATA_TYPE, _NAME, _RAW_DATA = 1, 2, 8, 9
_FLOAT = 1


def _varint(buf, pos):
    value, shift = 0, 0
    while True:
        if pos >= len(buf):
            raise ValueError('truncated protobuf varint')
        b = buf[pos]
        pos += 1
        value |= (b & 0x7f) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def _fields(buf, start, end):
    """Yields (field number, wire type, value) of one message; value is an int or a (start, end) range."""
    pos = start
    while pos < end:
        tag, pos = _varint(buf, pos)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = (pos, pos + 8), pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = (pos, pos + length), pos + length
        elif wire == 5:
            value, pos = (pos, pos + 4), pos + 4
        else:
            raise ValueError(f'unsupported protobuf wire type {wire}')
        if pos > end:
            raise ValueError('truncated protobuf message')
        yield field, wire, value


def onnx_initializers(path):
    """name -> float32 tensor for every raw-data FLOAT initializer of an ONNX model."""
    with open(path, 'rb') as f:
        buf = f.read()
    out = {}
    for field, wire, graph in _fields(buf, 0, len(buf)):
        if field != _GRAPH or wire != 2:
            continue
        for gfield, gwire, tensor in _fields(buf, *graph):
            if gfield != _INITIALIZER or gwire != 2:
                continue
            dims, dtype, name, raw = [], 0, '', None
            for tfield, twire, value in _fields(buf, *tensor):
                if tfield == _DIMS:
                    if twire == 0:
                        dims.append(value)
                    else:
                        p = value[0]
                        while p < value[1]:
                            d, p = _varint(buf, p)
                            dims.append(d)
                elif tfield == _DATA_TYPE:
                    dtype = value
                elif tfield == _NAME:
                    name = buf[value[0]:value[1]].decode('utf-8')
                elif tfield == _RAW_DATA:
                    raw = buf[value[0]:value[1]]
            if dtype == _FLOAT and raw is not None:
                values = struct.unpack(f'<{len(raw) // 4}f', raw)
                out[name] = torch.tensor(values, dtype=torch.float32).reshape(dims)
    return out


def load_into(model, path):
    """Copies starting weights into model; raises ValueError naming any missing or misshapen weight."""
    if os.path.isdir(path):
        path = os.path.join(path, 'drum_rnn.onnx')
    if not os.path.isfile(path):
        raise ValueError(f'--init {path}: no such file (give a model folder, its drum_rnn.onnx, or a .pt state dict)')
    if path.endswith('.onnx'):
        weights = {k[len('model.'):]: v for k, v in onnx_initializers(path).items() if k.startswith('model.')}
    else:
        saved = torch.load(path)
        weights = saved['model'] if isinstance(saved, dict) and 'model' in saved and 'opt' in saved else saved
    own = model.state_dict()
    missing = [k for k in own if k not in weights]
    wrong = [f'{k} is {list(weights[k].shape)}, expected {list(own[k].shape)}'
             for k in own if k in weights and weights[k].shape != own[k].shape]
    if missing or wrong:
        raise ValueError(f'--init {path} is not a DrumRNN of this shape: '
                         + '; '.join((['missing ' + ', '.join(missing)] if missing else []) + wrong))
    model.load_state_dict({k: weights[k] for k in own})
    return path
