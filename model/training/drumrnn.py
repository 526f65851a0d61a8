"""DrumRNN as Magenta's drum_kit_rnn builds it, in PyTorch.

Shapes and wiring follow Magenta's 2017 `drum_kit_rnn` graph so that its
checkpoints map onto these tensors one to one:

  MultiRNNCell of 3 BasicLSTMCells (256 units, gates i, j, f, o, forget bias 1,
  output dropout on every layer) wrapped whole in an AttentionCellWrapper over
  the last 32 outputs; then a dense layer to the 512 drum events.

The attention wrapper, per step:
  x'      = linear1([x, attns])                      (518+256 -> 518)
  out, s  = cells(x', s)
  query   = concat(c0, h0, c1, h1, c2, h2)           (TensorFlow's nest order)
  scores  = v . tanh(W_k h_i + linear3(query))       over the 32 stored outputs h_i
  attns   = sum(softmax(scores)_i h_i)
  output  = linear2([out, attns])                    (the wrapper's output, stored)
  logits  = dense(output)

W_k h_i is linear in h_i, so the keys are kept alongside the stored outputs
instead of being recomputed for all 32 every step; the arithmetic is the same.
"""
import torch
import torch.nn as nn

NUM_CLASSES = 512          # 2^9 drum combinations
COUNTER_BITS = 6
INPUT_SIZE = NUM_CLASSES + COUNTER_BITS
UNITS = 256
LAYERS = 3
ATTN_LENGTH = 32
FORGET_BIAS = 1.0

# Layout of the packed recurrent state, the single state tensor of the ONNX step model.
STATE_LSTM = 2 * LAYERS * UNITS                # c0 h0 c1 h1 c2 h2
STATE_ATTNS = UNITS
STATE_WINDOW = ATTN_LENGTH * UNITS
STATE_SIZE = STATE_LSTM + STATE_ATTNS + 2 * STATE_WINDOW   # outputs window + keys window


def encode_inputs(events, start_position=0):
    """One-hot event plus binary counter of the *next* step's index, as ±1 (Magenta's
    LookbackEventSequenceEncoderDecoder with no lookbacks)."""
    n = len(events)
    x = torch.zeros(n, INPUT_SIZE)
    x[torch.arange(n), torch.as_tensor(events, dtype=torch.long)] = 1.0
    pos = torch.arange(start_position + 1, start_position + n + 1)
    for b in range(COUNTER_BITS):
        x[:, NUM_CLASSES + b] = torch.where((pos >> b) & 1 == 1, 1.0, -1.0)
    return x


class DrumRNN(nn.Module):
    def __init__(self, dropout=0.0):
        super().__init__()
        self.linear1 = nn.Linear(INPUT_SIZE + UNITS, INPUT_SIZE)
        self.cells = nn.ModuleList(
            [nn.Linear((INPUT_SIZE if l == 0 else UNITS) + UNITS, 4 * UNITS) for l in range(LAYERS)])
        self.attn_w = nn.Parameter(torch.empty(UNITS, UNITS))
        self.attn_v = nn.Parameter(torch.empty(UNITS))
        self.linear3 = nn.Linear(2 * LAYERS * UNITS, UNITS)
        self.linear2 = nn.Linear(2 * UNITS, UNITS)
        self.dense = nn.Linear(UNITS, NUM_CLASSES)
        self.drop = nn.Dropout(dropout)
        nn.init.xavier_uniform_(self.attn_w)
        nn.init.uniform_(self.attn_v, -0.05, 0.05)

    def zero_state(self, batch):
        z = lambda *s: torch.zeros(batch, *s)
        return ([z(UNITS) for _ in range(2 * LAYERS)], z(UNITS), z(ATTN_LENGTH, UNITS), z(ATTN_LENGTH, UNITS))

    def step(self, x, state):
        lstm, attns, window, keys = state
        inp = self.linear1(torch.cat([x, attns], 1))
        new_lstm = []
        for l, cell in enumerate(self.cells):
            c, h = lstm[2 * l], lstm[2 * l + 1]
            i, j, f, o = cell(torch.cat([inp, h], 1)).chunk(4, 1)
            c = c * torch.sigmoid(f + FORGET_BIAS) + torch.sigmoid(i) * torch.tanh(j)
            h = torch.tanh(c) * torch.sigmoid(o)
            new_lstm += [c, h]
            inp = self.drop(h)
        query = self.linear3(torch.cat(new_lstm, 1))
        scores = (torch.tanh(keys + query.unsqueeze(1)) * self.attn_v).sum(2)
        weights = torch.softmax(scores, 1)
        new_attns = (weights.unsqueeze(2) * window).sum(1)
        output = self.linear2(torch.cat([inp, new_attns], 1))
        window = torch.cat([window[:, 1:], output.unsqueeze(1)], 1)
        keys = torch.cat([keys[:, 1:], (output @ self.attn_w).unsqueeze(1)], 1)
        return self.dense(output), (new_lstm, new_attns, window, keys)

    def forward(self, xs):
        """xs: [batch, time, INPUT_SIZE] -> logits [batch, time, NUM_CLASSES]."""
        state = self.zero_state(xs.shape[0])
        out = []
        for t in range(xs.shape[1]):
            logits, state = self.step(xs[:, t], state)
            out.append(logits)
        return torch.stack(out, 1)


def pack_state(state):
    lstm, attns, window, keys = state
    return torch.cat(lstm + [attns, window.flatten(1), keys.flatten(1)], 1)


def unpack_state(packed):
    b = packed.shape[0]
    lstm = [packed[:, k * UNITS:(k + 1) * UNITS] for k in range(2 * LAYERS)]
    o = STATE_LSTM
    attns = packed[:, o:o + STATE_ATTNS]; o += STATE_ATTNS
    window = packed[:, o:o + STATE_WINDOW].reshape(b, ATTN_LENGTH, UNITS); o += STATE_WINDOW
    keys = packed[:, o:o + STATE_WINDOW].reshape(b, ATTN_LENGTH, UNITS)
    return lstm, attns, window, keys


class SingleStep(nn.Module):
    """The exported graph: (inputs [B,518], state [B,STATE_SIZE]) -> (logits [B,512], state_out)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, inputs, state):
        logits, new_state = self.model.step(inputs, unpack_state(state))
        return logits, pack_state(new_state)
