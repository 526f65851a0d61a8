package dev.downbeat.plugin.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Downbeat's own state format (never Java serialization):
 * {@code "DNBT"}, format version (int), payload length (int), payload, CRC-32 of the payload (int).
 * The payload (big-endian, {@link DataOutputStream}): parameter count, then (UTF id, float plain)
 * pairs; seed length and events; 9 output pitches; kit, room and model paths (UTF); since version 2
 * the model checksum (UTF); locked bar count, then per bar its step count and events. Reading is all-or-nothing: any damage, an unknown
 * version or a value out of bounds is refused with a message and nothing is applied.
 * Pure; host thread.
 */
public final class StateChunk {
    /** Magic bytes at the start of every chunk. */
    public static final int MAGIC = 0x444E4254; // "DNBT"
    /** The version this build writes and the newest it reads. */
    public static final int VERSION = 2; // 2 added the model checksum; version 1 chunks still load
    private static final int MAX_BYTES = 1 << 20;

    private StateChunk() {
    }

    public static byte[] encode(ProjectState s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(s.params().size());
            for (Map.Entry<String, Float> e : new java.util.TreeMap<>(s.params()).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeFloat(e.getValue());
            }
            out.writeShort(s.seed().length());
            for (int i = 0; i < s.seed().length(); i++) out.writeShort(s.seed().event(i));
            out.writeByte(s.outputPitches().length);
            for (int p : s.outputPitches()) out.writeByte(p);
            out.writeUTF(s.kitPath());
            out.writeUTF(s.roomPath());
            out.writeUTF(s.modelPath());
            out.writeUTF(s.modelChecksum());
            out.writeShort(s.lockedBars().size());
            for (int[] bar : s.lockedBars()) {
                out.writeByte(bar.length);
                for (int e : bar) out.writeShort(e);
            }
            out.flush();
            byte[] payload = bytes.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(payload);
            return ByteBuffer.allocate(12 + payload.length + 4)
                    .putInt(MAGIC).putInt(VERSION).putInt(payload.length).put(payload).putInt((int) crc.getValue())
                    .array();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** @throws StateException naming what is wrong, for any chunk not written by a compatible {@link #encode} */
    public static ProjectState decode(byte[] chunk) throws StateException {
        if (chunk == null || chunk.length < 16) {
            throw new StateException("the state is " + (chunk == null ? "missing" : chunk.length + " bytes long")
                    + ", too short to be a Downbeat state");
        }
        if (chunk.length > MAX_BYTES) throw new StateException("the state is " + chunk.length + " bytes, more than any Downbeat state");
        ByteBuffer head = ByteBuffer.wrap(chunk);
        if (head.getInt() != MAGIC) throw new StateException("the state does not start with Downbeat's mark (DNBT): it is not a Downbeat state");
        int version = head.getInt();
        if (version > VERSION || version < 1) {
            throw new StateException("the state has format version " + version + "; this Downbeat reads version "
                    + "1.." + VERSION + (version > VERSION ? " (it was saved by a newer Downbeat)" : ""));
        }
        int length = head.getInt();
        if (length != chunk.length - 16) {
            throw new StateException("the state says its contents are " + length + " bytes but holds " + (chunk.length - 16)
                    + ": it is cut short or damaged");
        }
        CRC32 crc = new CRC32();
        crc.update(chunk, 12, length);
        int stored = ByteBuffer.wrap(chunk, 12 + length, 4).getInt();
        if (stored != (int) crc.getValue()) throw new StateException("the state's checksum does not match: it is damaged");
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk, 12, length));
            int count = in.readUnsignedShort();
            Map<String, Float> params = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                float value = in.readFloat();
                if (!Float.isFinite(value)) throw new StateException("parameter " + id + " has no finite value (" + value + ")");
                params.put(id, value);
            }
            int seedLength = in.readUnsignedShort();
            if (seedLength < 1 || seedLength > Seed.MAX_STEPS) throw new StateException("the seed has " + seedLength + " steps (1.." + Seed.MAX_STEPS + ")");
            int[] seed = new int[seedLength];
            for (int i = 0; i < seedLength; i++) seed[i] = event(in);
            int pitchCount = in.readUnsignedByte();
            if (pitchCount != Param.VOICES) throw new StateException("the note map has " + pitchCount + " pitches, not " + Param.VOICES);
            int[] pitches = new int[pitchCount];
            for (int i = 0; i < pitchCount; i++) {
                pitches[i] = in.readUnsignedByte();
                if (pitches[i] > 127) throw new StateException("note map pitch " + pitches[i] + " is outside 0..127");
            }
            String kit = in.readUTF(), room = in.readUTF(), model = in.readUTF();
            String checksum = version >= 2 ? in.readUTF() : "";
            int bars = in.readUnsignedShort();
            if (bars > 64) throw new StateException("the state locks " + bars + " bars, more than a loop holds (64)");
            List<int[]> locked = new ArrayList<>();
            for (int b = 0; b < bars; b++) {
                int steps = in.readUnsignedByte();
                if (steps < 1) throw new StateException("locked bar " + (b + 1) + " has no steps");
                int[] events = new int[steps];
                for (int i = 0; i < steps; i++) events[i] = event(in);
                locked.add(events);
            }
            if (in.available() != 0) throw new StateException("the state has " + in.available() + " unexpected bytes at its end");
            return new ProjectState(params, new Seed(seed), pitches, kit, room, model, checksum, locked);
        } catch (EOFException e) {
            throw new StateException("the state ends in the middle of its contents", e);
        } catch (IOException e) {
            throw new StateException("the state cannot be read: " + e.getMessage(), e);
        }
    }

    private static int event(DataInputStream in) throws IOException, StateException {
        int e = in.readUnsignedShort();
        if (e >= StepSampling.EVENTS) throw new StateException("a step holds event " + e + ", outside 0..511");
        return e;
    }
}
