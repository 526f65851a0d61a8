package dev.downbeat.model.magenta;

import java.util.Arrays;

/**
 * One weight of a Magenta.js checkpoint: its variable name, its shape in TensorFlow's layout
 * (a dense kernel is {@code [in, out]}) and its values in row-major order. Immutable; any thread.
 */
public record CheckpointTensor(String name, int[] shape, float[] values) {
    public CheckpointTensor {
        shape = shape.clone();
        values = values.clone();
        if (values.length != elementCount(shape)) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + Arrays.toString(shape));
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** Element {@code [row][column]} of a 2-D tensor, without copying. */
    float at(int row, int column) {
        return values[row * shape[1] + column];
    }

    /** Element {@code i} of the flat values, without copying. */
    float at(int i) {
        return values[i];
    }

    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
