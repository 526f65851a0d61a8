package dev.downbeat.dsp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Loads user kits. A folder may hold
 * <ul>
 *   <li>a Hydrogen {@code drumkit.xml} (as Debian's {@code hydrogen-drumkits} installs them):
 *       instruments are mapped to the nine pieces by their names, their velocity layers kept;</li>
 *   <li>a {@code kit.txt}: lines {@code piece = file.wav[, louder.wav ...]} (pieces: kick, snare,
 *       closed hat, open hat, low tom, mid tom, high tom, clap, rim; several files become velocity
 *       layers, softest first; {@code #} starts a comment);</li>
 *   <li>or just WAV files named after the pieces (kick.wav, snare.wav, chh.wav, ...).</li>
 * </ul>
 * Samples may be WAV, AIFF or FLAC (decoded by {@link FlacFile}), whatever their file names say.
 * Crash and ride stand in for clap and rim when a Hydrogen kit has neither (they are the model's
 * classes 7 and 8). A Hydrogen kit is a finished kit, so it plays even when it names no instrument
 * after a piece ({@link #mapHydrogen}): congas, bongos and zaps stand in for toms, claves and
 * cowbells for the rim, and so on; a missing tom shares the nearest tom; what is still missing takes
 * the unused instruments in the kit's order. A WAV folder must name all nine (the message says
 * which are missing). Every failure names the file and the problem. Any non-audio thread.
 */
public final class KitLoader {
    public static final String MAPPING_FILE = "kit.txt";
    public static final String HYDROGEN_FILE = "drumkit.xml";

    /** Name patterns per piece, best first; matched against lower-cased instrument or file names. */
    private static final Map<KitPiece, List<Pattern>> NAME_PATTERNS = new EnumMap<>(KitPiece.class);

    static {
        String hat = "(hi[- ]?hat|hihat|hh|hat)";
        // a fully open hat first, a half-open one only when there is no other
        NAME_PATTERNS.put(KitPiece.OPEN_HAT, patterns("(?!.*semi).*\\bopen(ed)?\\b.*" + hat + ".*", "(?!.*semi).*" + hat + ".*\\bop(en|ened)?\\b.*",
                ".*\\bohh?\\b.*", ".*" + hat + ".*semi.*"));
        NAME_PATTERNS.put(KitPiece.CLOSED_HAT, patterns(".*\\bclosed?\\b.*" + hat + ".*", ".*" + hat + ".*\\bcl(osed)?\\b.*", ".*\\bchh?\\b.*", ".*" + hat + ".*pedal.*", ".*pedal.*" + hat + ".*", ".*\\b" + hat + "\\b.*"));
        NAME_PATTERNS.put(KitPiece.KICK, patterns(".*\\bkick\\b.*", ".*bass ?drum.*", "^bd[\\W_\\d].*|^bd$"));
        NAME_PATTERNS.put(KitPiece.SNARE, patterns("^snare$", ".*\\bsnare\\b(?!.*(rim|roll|stick)).*", ".*\\bsnare.*", "^sd[\\W_\\d].*|^sd$"));
        NAME_PATTERNS.put(KitPiece.LOW_TOM, patterns(".*\\b(tom ?low|low ?tom|floor ?tom|tom ?floor|lo ?tom|tom ?lo)\\b.*"));
        NAME_PATTERNS.put(KitPiece.MID_TOM, patterns(".*\\b(tom ?mid|mid(dle)? ?tom|tom ?2)\\b.*"));
        NAME_PATTERNS.put(KitPiece.HIGH_TOM, patterns(".*\\b(tom ?hi(gh)?|hi(gh)? ?tom|tom ?1)\\b.*"));
        NAME_PATTERNS.put(KitPiece.CLAP, patterns(".*\\bclap.*", ".*\\bcrash.*"));
        NAME_PATTERNS.put(KitPiece.RIM, patterns(".*\\brim.*", ".*\\bstick\\b.*", ".*\\bride\\b.*"));
    }

    /**
     * For pieces a Hydrogen kit has no instrument named for: patterns in ranks, rank 0 of every
     * piece before rank 1 of any, so a specific stand-in (a low bongo for the low tom) wins over a
     * generic one (any bongo) claimed by another piece.
     */
    private static final Map<KitPiece, List<Pattern>> STAND_IN_PATTERNS = new EnumMap<>(KitPiece.class);

    static {
        String drum = "\\b(tom|conga|bongo|drum|djembe|timbale|tabla|dununba|sangban|kenkeni|surdo|taiko|zap)";
        STAND_IN_PATTERNS.put(KitPiece.KICK, patterns(".*\\bthump.*", ".*\\bbass\\b.*"));
        STAND_IN_PATTERNS.put(KitPiece.SNARE, patterns(".*\\bslap.*"));
        STAND_IN_PATTERNS.put(KitPiece.CLOSED_HAT, patterns(".*\\b(shaker|maracas?|cabasa)\\b.*", ".*\\bmute\\b.*"));
        STAND_IN_PATTERNS.put(KitPiece.OPEN_HAT, patterns(".*\\b(tambourine|tamb)\\b.*", ".*\\bbell\\b.*"));
        STAND_IN_PATTERNS.put(KitPiece.LOW_TOM, patterns(".*" + drum + ".*\\b(lo|low)\\b.*|.*\\b(lo|low|floor)\\b.*" + drum + ".*|.*dununba.*",
                ".*" + drum + ".*"));
        STAND_IN_PATTERNS.put(KitPiece.MID_TOM, patterns(".*\\b(mid|middle)\\b.*" + drum + ".*|.*" + drum + ".*\\bmid\\b.*|.*sangban.*",
                ".*" + drum + ".*"));
        STAND_IN_PATTERNS.put(KitPiece.HIGH_TOM, patterns(".*" + drum + ".*\\b(hi|high)\\b.*|.*\\b(hi|high)\\b.*" + drum + ".*|.*kenkeni.*",
                ".*" + drum + ".*"));
        STAND_IN_PATTERNS.put(KitPiece.CLAP, patterns(".*\\bsnaps?\\b.*", ".*\\b(crash|cymbal|splash|china)\\b.*", ".*\\bsnare\\b.*"));
        STAND_IN_PATTERNS.put(KitPiece.RIM, patterns(".*\\b(click|sticks?|claves?)\\b.*", ".*\\b(wood ?block|block|cowbell)\\b.*",
                ".*\\b(bell|fx|perc|whistle)\\b.*", ".*\\bsnare\\b.*"));
    }

    private static List<Pattern> patterns(String... regex) {
        List<Pattern> list = new ArrayList<>();
        for (String r : regex) {
            list.add(Pattern.compile(r));
        }
        return list;
    }

    private KitLoader() {
    }

    /** Loads the kit in {@code folder} (or the {@code drumkit.xml} / {@code kit.txt} file given directly). */
    public static Kit load(Path folder) throws LoadException {
        if (Files.isRegularFile(folder)) {
            String name = folder.getFileName().toString();
            if (name.equals(HYDROGEN_FILE)) {
                return loadHydrogen(folder);
            }
            if (name.equals(MAPPING_FILE)) {
                return loadMapping(folder);
            }
            throw new LoadException(folder, "not a kit: give a folder, a " + HYDROGEN_FILE + " or a " + MAPPING_FILE);
        }
        if (!Files.isDirectory(folder)) {
            throw new LoadException(folder, "kit folder not found");
        }
        if (Files.isRegularFile(folder.resolve(HYDROGEN_FILE))) {
            return loadHydrogen(folder.resolve(HYDROGEN_FILE));
        }
        if (Files.isRegularFile(folder.resolve(MAPPING_FILE))) {
            return loadMapping(folder.resolve(MAPPING_FILE));
        }
        return loadByFileNames(folder);
    }

    private static Kit loadMapping(Path file) throws LoadException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException(file, "cannot be read: " + e.getMessage(), e);
        }
        Map<KitPiece, List<VelocityLayer>> layers = new EnumMap<>(KitPiece.class);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new LoadException(file, "line " + (n + 1) + ": expected 'piece = file.wav', found '" + line + "'");
            }
            KitPiece piece = pieceNamed(line.substring(0, equals).trim());
            if (piece == null) {
                throw new LoadException(file, "line " + (n + 1) + ": unknown piece '" + line.substring(0, equals).trim()
                        + "' (use kick, snare, closed hat, open hat, low tom, mid tom, high tom, clap, rim)");
            }
            if (layers.containsKey(piece)) {
                throw new LoadException(file, "line " + (n + 1) + ": " + piece.displayName() + " is mapped twice");
            }
            String[] files = line.substring(equals + 1).split(",");
            List<VelocityLayer> pieceLayers = new ArrayList<>();
            for (int i = 0; i < files.length; i++) {
                String name = files[i].trim();
                if (name.isEmpty()) {
                    throw new LoadException(file, "line " + (n + 1) + ": empty file name");
                }
                Path sample = file.resolveSibling(name);
                pieceLayers.add(new VelocityLayer((i + 1f) / files.length, readSample(sample)));
            }
            layers.put(piece, pieceLayers);
        }
        return complete(file, file.getParent().getFileName().toString(), layers);
    }

    private static KitPiece pieceNamed(String name) {
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ").trim();
        for (KitPiece piece : KitPiece.values()) {
            if (piece.displayName().equals(key) || piece.displayName().replace(" ", "").equals(key.replace(" ", ""))) {
                return piece;
            }
        }
        return switch (key) {
            case "chh", "hh closed", "hat closed", "closed hihat", "closed hi hat" -> KitPiece.CLOSED_HAT;
            case "ohh", "hh open", "hat open", "open hihat", "open hi hat" -> KitPiece.OPEN_HAT;
            case "bd", "bass drum" -> KitPiece.KICK;
            case "sd" -> KitPiece.SNARE;
            case "rimshot", "rim shot", "side stick" -> KitPiece.RIM;
            default -> null;
        };
    }

    private static Kit loadByFileNames(Path folder) throws LoadException {
        Map<String, Path> byStem = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(file) && (lower.endsWith(".wav") || lower.endsWith(".flac") || lower.endsWith(".aif") || lower.endsWith(".aiff"))) {
                    byStem.put(name.substring(0, name.lastIndexOf('.')), file);
                }
            }
        } catch (IOException e) {
            throw new LoadException(folder, "cannot list the kit folder: " + e.getMessage(), e);
        }
        if (byStem.isEmpty()) {
            throw new LoadException(folder, "no WAV or FLAC files, no " + MAPPING_FILE + " and no " + HYDROGEN_FILE + " in the kit folder");
        }
        Map<KitPiece, String> chosen = matchNames(new ArrayList<>(byStem.keySet()));
        Map<KitPiece, List<VelocityLayer>> layers = new EnumMap<>(KitPiece.class);
        for (Map.Entry<KitPiece, String> entry : chosen.entrySet()) {
            layers.put(entry.getKey(), List.of(new VelocityLayer(1f, readSample(byStem.get(entry.getValue())))));
        }
        return complete(folder, folder.getFileName().toString(), layers,
                " (files found: " + String.join(", ", byStem.keySet()) + "; name them after the pieces or add a " + MAPPING_FILE + ")");
    }

    /** Assigns names to pieces: for each piece the best-matching unused name. */
    static Map<KitPiece, String> matchNames(List<String> names) {
        Map<KitPiece, String> chosen = new EnumMap<>(KitPiece.class);
        List<String> used = new ArrayList<>();
        for (KitPiece piece : KitPiece.values()) {
            outer:
            for (Pattern pattern : NAME_PATTERNS.get(piece)) {
                for (String name : names) {
                    String key = name.toLowerCase(Locale.ROOT).replace('_', ' ').trim();
                    if (!used.contains(name) && pattern.matcher(key).matches()) {
                        chosen.put(piece, name);
                        used.add(name);
                        break outer;
                    }
                }
            }
        }
        return chosen;
    }

    /**
     * Maps a Hydrogen kit's instrument names (in the kit's order) to pieces: by name
     * ({@link #matchNames}), then by stand-in, then a missing tom shares the nearest tom, then the
     * unused instruments in kit order fill what is left. Pieces stay missing only when the kit
     * has too few instruments.
     */
    static Map<KitPiece, String> mapHydrogen(List<String> names) {
        Map<KitPiece, String> chosen = matchNames(names);
        List<String> used = new ArrayList<>(chosen.values());
        int ranks = STAND_IN_PATTERNS.values().stream().mapToInt(List::size).max().orElse(0);
        for (int rank = 0; rank < ranks; rank++) {
            for (KitPiece piece : KitPiece.values()) {
                List<Pattern> standIns = STAND_IN_PATTERNS.get(piece);
                if (chosen.containsKey(piece) || rank >= standIns.size()) {
                    continue;
                }
                for (String name : names) {
                    if (!used.contains(name) && standIns.get(rank).matcher(name.toLowerCase(Locale.ROOT).replace('_', ' ').trim()).matches()) {
                        chosen.put(piece, name);
                        used.add(name);
                        break;
                    }
                }
            }
        }
        KitPiece[][] nearestToms = {{KitPiece.LOW_TOM, KitPiece.MID_TOM, KitPiece.HIGH_TOM},
            {KitPiece.MID_TOM, KitPiece.LOW_TOM, KitPiece.HIGH_TOM}, {KitPiece.HIGH_TOM, KitPiece.MID_TOM, KitPiece.LOW_TOM}};
        for (KitPiece[] toms : nearestToms) {
            for (int i = 1; i < toms.length && !chosen.containsKey(toms[0]); i++) {
                if (chosen.containsKey(toms[i])) {
                    chosen.put(toms[0], chosen.get(toms[i]));
                }
            }
        }
        for (KitPiece piece : KitPiece.values()) {
            for (int i = 0; i < names.size() && !chosen.containsKey(piece); i++) {
                if (!used.contains(names.get(i))) {
                    chosen.put(piece, names.get(i));
                    used.add(names.get(i));
                }
            }
        }
        return chosen;
    }

    private static Kit loadHydrogen(Path xml) throws LoadException {
        Document document = parse(xml);
        Element root = document.getDocumentElement();
        if (!root.getLocalName().equals("drumkit_info")) {
            throw new LoadException(xml, "broken drumkit.xml: the root element is <" + root.getLocalName() + ">, not <drumkit_info>");
        }
        String kitName = text(root, "name", xml.getParent().getFileName().toString());
        Map<String, Element> instruments = new LinkedHashMap<>();
        NodeList nodes = root.getElementsByTagNameNS("*", "instrument");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element instrument = (Element) nodes.item(i);
            String name = text(instrument, "name", "");
            if (!name.isBlank() && !instruments.containsKey(name) && hasSample(instrument)) {
                instruments.put(name, instrument);
            }
        }
        if (instruments.isEmpty()) {
            throw new LoadException(xml, "broken drumkit.xml: no <instrument> with a sample file");
        }
        Map<KitPiece, String> chosen = mapHydrogen(new ArrayList<>(instruments.keySet()));
        Map<String, List<VelocityLayer>> loaded = new LinkedHashMap<>();
        Map<KitPiece, List<VelocityLayer>> layers = new EnumMap<>(KitPiece.class);
        for (Map.Entry<KitPiece, String> entry : chosen.entrySet()) {
            List<VelocityLayer> instrument = loaded.get(entry.getValue());
            if (instrument == null) {
                instrument = hydrogenLayers(xml, instruments.get(entry.getValue()));
                loaded.put(entry.getValue(), instrument);
            }
            layers.put(entry.getKey(), instrument);
        }
        return complete(xml, kitName, layers, " (instruments: " + String.join(", ", instruments.keySet()) + ")");
    }

    private static Document parse(Path xml) throws LoadException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(xml.toFile());
        } catch (SAXParseException e) {
            throw new LoadException(xml, "broken drumkit.xml at line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new LoadException(xml, "broken drumkit.xml: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LoadException(xml, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean hasSample(Element instrument) {
        return instrument.getElementsByTagNameNS("*", "filename").getLength() > 0;
    }

    private static List<VelocityLayer> hydrogenLayers(Path xml, Element instrument) throws LoadException {
        List<VelocityLayer> layers = new ArrayList<>();
        NodeList layerNodes = instrument.getElementsByTagNameNS("*", "layer");
        if (layerNodes.getLength() == 0) {
            // Hydrogen before 0.9.4 put one <filename> straight in the instrument
            layers.add(new VelocityLayer(1f, readSample(xml.resolveSibling(text(instrument, "filename", "")))));
            return layers;
        }
        for (int i = 0; i < layerNodes.getLength(); i++) {
            Element layer = (Element) layerNodes.item(i);
            String file = text(layer, "filename", "");
            if (file.isBlank()) {
                throw new LoadException(xml, "broken drumkit.xml: a layer of '" + text(instrument, "name", "?") + "' has no <filename>");
            }
            float max = number(xml, layer, "max", 1f);
            float gain = number(xml, layer, "gain", 1f);
            Sample sample = readSample(xml.resolveSibling(file));
            if (gain != 1f) {
                sample = scaled(sample, gain);
            }
            layers.add(new VelocityLayer(Math.max(1e-3f, Math.min(1f, max)), sample));
        }
        return layers;
    }

    private static Sample scaled(Sample sample, float gain) {
        float[] left = sample.channel(0);
        float[] right = sample.channels() == 1 ? left : sample.channel(1);
        for (int i = 0; i < left.length; i++) {
            left[i] *= gain;
            if (right != left) {
                right[i] *= gain;
            }
        }
        return Sample.adopt(left, right, sample.sampleRate());
    }

    private static String text(Element parent, String tag, String fallback) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && tag.equals(element.getLocalName())) {
                return element.getTextContent().trim();
            }
        }
        return fallback;
    }

    private static float number(Path xml, Element parent, String tag, float fallback) throws LoadException {
        String value = text(parent, tag, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new LoadException(xml, "broken drumkit.xml: <" + tag + "> is '" + value + "', not a number");
        }
    }

    private static Sample readSample(Path file) throws LoadException {
        if (!Files.isRegularFile(file)) {
            throw new LoadException(file, "sample file not found");
        }
        // by content, not by name: kits ship FLAC under .wav names and the other way round
        return FlacFile.looksLikeFlac(file) ? FlacFile.read(file) : WavFile.read(file);
    }

    private static Kit complete(Path source, String name, Map<KitPiece, List<VelocityLayer>> layers) throws LoadException {
        return complete(source, name, layers, "");
    }

    private static Kit complete(Path source, String name, Map<KitPiece, List<VelocityLayer>> layers, String hint) throws LoadException {
        List<String> missing = new ArrayList<>();
        for (KitPiece piece : KitPiece.values()) {
            if (!layers.containsKey(piece)) {
                missing.add(piece.displayName());
            }
        }
        if (!missing.isEmpty()) {
            throw new LoadException(source, "kit has no sound for " + String.join(", ", missing) + hint);
        }
        return new Kit(name, layers);
    }
}
