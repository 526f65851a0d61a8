package dev.downbeat.dsp.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Downbeat's reverb with two or more builds of the dsp classes (e.g. two commits') in this one
 * JVM, each build in a class loader of its own, so that an A/B comparison does not depend on
 * which JVM got the quieter minute of a loaded machine: per row, rounds alternate the builds, each
 * round is one {@code ReverbBench.measure} (30 s of warm-up, best of three 5 s runs, this
 * thread's CPU time), and each build keeps its fastest round and prints every round.
 *
 * <p>{@code java -cp JTRANSFORMS_CLASSPATH:... dev.downbeat.dsp.bench.ReverbClassesAB ROUNDS NAME=DIR[,NAME=DIR...] IR/BLOCK...}
 * where each DIR holds compiled dsp main classes (ReverbBench among them) and the class path has
 * JTransforms but not the dsp classes; IR is {@code room} or a length in seconds.
 */
public final class ReverbClassesAB {
    private ReverbClassesAB() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<String> names = new ArrayList<>();
        List<Method> measure = new ArrayList<>(), noise = new ArrayList<>(), room = new ArrayList<>(), synthetic = new ArrayList<>(),
                channels = new ArrayList<>(), cpu = new ArrayList<>();
        ClassLoader parent = ReverbClassesAB.class.getClassLoader();
        for (String build : args[1].split(",")) {
            names.add(build.split("=")[0]);
            URL classes = Path.of(build.split("=")[1]).toUri().toURL();
            ClassLoader loader = new URLClassLoader(new URL[] {classes}, parent) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    // the build's own dsp classes first, whatever the parent holds
                    if (name.startsWith("dev.downbeat.dsp.") && !name.startsWith("dev.downbeat.dsp.bench.")) {
                        synchronized (getClassLoadingLock(name)) {
                            Class<?> found = findLoadedClass(name);
                            return found != null ? found : findClass(name);
                        }
                    }
                    return super.loadClass(name, resolve);
                }
            };
            Class<?> bench = loader.loadClass("dev.downbeat.dsp.ReverbBench");
            Class<?> impulse = loader.loadClass("dev.downbeat.dsp.ImpulseResponse");
            measure.add(bench.getMethod("measure", float[][].class, double.class, int.class, double.class, float[][].class, float[][].class));
            noise.add(bench.getMethod("noise", double.class, double.class, long.class));
            synthetic.add(bench.getMethod("syntheticRoom", double.class, double.class));
            room.add(impulse.getMethod("defaultRoom"));
            channels.add(impulse.getMethod("channelsAt", double.class));
            cpu.add(loader.loadClass("dev.downbeat.dsp.ReverbBench$Result").getMethod("cpuPerAudioSecond"));
        }
        double rate = 48000;
        float[][] input = (float[][]) noise.get(0).invoke(null, rate, 10.0, 1L);
        for (int a = 2; a < args.length; a++) {
            String ir = args[a].split("/")[0];
            int block = Integer.parseInt(args[a].split("/")[1]);
            Object response = ir.equals("room") ? room.get(0).invoke(null) : synthetic.get(0).invoke(null, rate, Double.parseDouble(ir));
            float[][] h = (float[][]) channels.get(0).invoke(response, rate);
            double[] best = new double[names.size()];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            StringBuilder all = new StringBuilder();
            for (int round = 0; round < rounds; round++) {
                for (int b = 0; b < names.size(); b++) {
                    Object result = measure.get(b).invoke(null, h, rate, block, 5.0, input, null);
                    double seconds = (double) cpu.get(b).invoke(result);
                    best[b] = Math.min(best[b], seconds);
                    all.append(String.format(" %s %.5f", names.get(b), seconds));
                }
            }
            StringBuilder line = new StringBuilder(String.format("%-5s %5d  best:", ir, block));
            for (int b = 0; b < names.size(); b++) {
                line.append(String.format(" %s %.5f", names.get(b), best[b]));
            }
            System.out.println(line + "  (" + names.get(names.size() - 1) + "/" + names.get(0) + " " + String.format("%.3f", best[names.size() - 1] / best[0])
                    + ")  rounds:" + all);
        }
    }
}
