// Makes a drum_kit_rnn checkpoint with seeded random weights in Magenta.js's format, runs it with
// @magenta/music's MusicRNN on Downbeat's default seed, and writes what Magenta.js computed.
//
//   node magenta-parity.js OUT_DIR [--attention-bias zero|random] [--seed N] [--steps N]
//
// Writes OUT_DIR/checkpoint/ (config.json, weights_manifest.json, two shards) and
// OUT_DIR/magenta.json: {"seed": [events], "continuation": [events], "probabilities": [[512]...]},
// the argmax continuation and its step probabilities (no temperature), as Downbeat's
// `import-magenta --compare` reads them.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const args = process.argv.slice(2);
if (args.length < 1) {
  console.error('usage: node magenta-parity.js OUT_DIR [--attention-bias zero|random] [--seed N] [--steps N]');
  process.exit(2);
}
const outDir = path.resolve(args[0]);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const attentionBias = option('--attention-bias', 'zero');
const randomSeed = Number(option('--seed', '1'));
const steps = Number(option('--steps', '32'));

// The tensors of drum_kit_rnn as Magenta.js names them (music_rnn/model.ts, attention.ts), with
// TensorFlow's shapes: kernels [in, out], the attention keys a 1x1 convolution [1, 1, 256, 256].
const W = 'rnn/attention_cell_wrapper/';
const cell = (l) => `${W}multi_rnn_cell/cell_${l}/basic_lstm_cell/`;
const TENSORS = [
  [`${W}kernel`, [774, 518]], [`${W}bias`, [518]],
  [`${cell(0)}kernel`, [774, 1024]], [`${cell(0)}bias`, [1024]],
  [`${cell(1)}kernel`, [512, 1024]], [`${cell(1)}bias`, [1024]],
  [`${cell(2)}kernel`, [512, 1024]], [`${cell(2)}bias`, [1024]],
  [`${W}attention/attn_w`, [1, 1, 256, 256]], [`${W}attention/attn_v`, [256]],
  [`${W}attention/kernel`, [1536, 256]], [`${W}attention/bias`, [256]],
  [`${W}attention_output_projection/kernel`, [512, 256]], [`${W}attention_output_projection/bias`, [256]],
  ['fully_connected/weights', [256, 512]], ['fully_connected/biases', [512]],
];

// mulberry32: a small seeded generator, so every run makes the same checkpoint.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeCheckpoint(dir) {
  fs.mkdirSync(dir, {recursive: true});
  const random = generator(randomSeed);
  const arrays = [];
  for (const [name, shape] of TENSORS) {
    const n = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape.length >= 2 ? shape[shape.length - 2] : 256;
    // Large enough that gates saturate and logits span several nats, as in a trained model.
    const scale = (name.startsWith('fully_connected/') ? 8 : 3) / Math.sqrt(fanIn);
    const values = new Float32Array(n);
    const zero = attentionBias === 'zero' && name === `${W}attention/bias`;
    for (let i = 0; i < n; i++) values[i] = zero ? 0 : (random() * 2 - 1) * scale;
    arrays.push(values);
  }
  const total = arrays.reduce((a, v) => a + v.byteLength, 0);
  const all = Buffer.alloc(total);
  let at = 0;
  for (const v of arrays) {
    Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(all, at);
    at += v.byteLength;
  }
  const half = Math.ceil(total / 2);
  const shards = ['group1-shard1of2', 'group1-shard2of2'];
  fs.writeFileSync(path.join(dir, shards[0]), all.subarray(0, half));
  fs.writeFileSync(path.join(dir, shards[1]), all.subarray(half));
  fs.writeFileSync(path.join(dir, 'weights_manifest.json'), JSON.stringify([{
    paths: shards,
    weights: TENSORS.map(([name, shape]) => ({name, shape, dtype: 'float32'})),
  }]));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({
    type: 'MusicRNN',
    dataConverter: {type: 'DrumsOneHotConverter', args: {}},
    attentionLength: 32,
    auxInputs: [{type: 'BinaryCounter', args: {numBits: 6}}],
  }));
}

// Magenta.js fetches checkpoints over HTTP (node-fetch has no file: URLs): serve the folder locally.
function serve(dir) {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(decodeURIComponent(req.url.split('?')[0])));
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200);
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Downbeat's default seed, as drum classes per step (kick 0 ... rim 8).
const SEED = [[0, 2], [0], [2, 5, 8], [], [2, 5, 8], [], [0, 2, 5, 8], [4, 5, 8], [], [0, 5, 8]];

async function main() {
  const checkpoint = path.join(outDir, 'checkpoint');
  writeCheckpoint(checkpoint);
  const mm = require('@magenta/music/node/music_rnn');
  // The first pitch of each of Magenta's DEFAULT_DRUM_PITCH_CLASSES (core/constants.ts; requiring
  // core itself would pull in Tone.js, which does not load in Node).
  const first = [36, 38, 42, 46, 45, 48, 50, 49, 51];
  const server = await serve(checkpoint);
  try {
    const model = new mm.MusicRNN(`http://127.0.0.1:${server.address().port}`);
    await model.initialize();
    const notes = [];
    SEED.forEach((classes, step) => classes.forEach((c) => notes.push(
        {pitch: first[c], quantizedStartStep: step, quantizedEndStep: step + 1, isDrum: true})));
    const seed = {notes, totalQuantizedSteps: SEED.length, quantizationInfo: {stepsPerQuarter: 4}};
    const result = await model.continueSequenceAndReturnProbabilities(seed, steps);
    const sequence = await result.sequence;
    const continuation = new Array(steps).fill(0);
    for (const note of sequence.notes) {
      continuation[note.quantizedStartStep] |= 1 << first.indexOf(note.pitch);
    }
    const json = {
      seed: SEED.map((classes) => classes.reduce((e, c) => e | (1 << c), 0)),
      continuation,
      probabilities: result.probs.map((p) => Array.from(p)),
      attentionBias,
    };
    fs.writeFileSync(path.join(outDir, 'magenta.json'), JSON.stringify(json));
    console.log(`magenta.js continued the seed: ${continuation.join(' ')}`);
    model.dispose();
  } finally {
    server.close();
  }
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
