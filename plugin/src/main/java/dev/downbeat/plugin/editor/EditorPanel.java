package dev.downbeat.plugin.editor;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.awt.Toolkit;
import java.awt.datatransfer.Clipboard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JToggleButton;
import javax.swing.SpinnerNumberModel;
import javax.swing.Timer;
import javax.swing.filechooser.FileNameExtensionFilter;

/**
 * The whole editor: the grid, the regenerate and variation buttons, the parameter sliders, the kit
 * and room choosers, the meter, MIDI drag-out, export and copy, and (standalone) the transport. It
 * polls its {@link EditorSession} every {@value #POLL_MS} ms on a Swing timer and never waits for
 * the audio thread. Swing thread; call {@link #dispose} when the window goes away.
 */
public final class EditorPanel extends JPanel {
    static final int POLL_MS = 30;
    static final int VARIATIONS = 4;

    private final EditorSession session;
    private final DrumGrid grid;
    private final LevelMeter meter = new LevelMeter();
    private final JLabel status = new JLabel(" ");
    private final List<ParamSlider> sliders = new ArrayList<>();
    private final JToggleButton[] variations = new JToggleButton[VARIATIONS];
    private final JButton kit = new JButton(), room = new JButton(), model = new JButton();
    private final JToggleButton play = new JToggleButton("\u25B6 Play");
    private final JSpinner tempo = new JSpinner(new SpinnerNumberModel(120.0, 20.0, 300.0, 1.0));
    private final JLabel selection = new JLabel();
    private final BarHistory history = new BarHistory();
    private final Timer poll;
    /** A message of the editor's own (an export result, an error), shown until the next one. */
    private String message = "";
    private final Path dragFolder;

    public EditorPanel(EditorSession session) {
        super(new BorderLayout());
        this.session = session;
        this.dragFolder = Path.of(System.getProperty("java.io.tmpdir"), "downbeat-midi-" + System.getProperty("user.name", "user"));
        setBackground(GridColors.BACKGROUND);
        grid = new DrumGrid(session.view(), session::editSeed);
        grid.setName("grid");
        grid.onSelectionChanged(this::showSelection);
        add(topBar(), BorderLayout.NORTH);
        add(grid, BorderLayout.CENTER);
        add(bottomBar(), BorderLayout.SOUTH);
        showSelection();
        poll = new Timer(POLL_MS, e -> refresh());
        poll.setCoalesce(true);
        poll.start();
    }

    private JPanel topBar() {
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 4));
        JPanel sounds = new JPanel(new FlowLayout(FlowLayout.RIGHT, 8, 4));
        JPanel top = new JPanel(new BorderLayout());
        top.add(bar, BorderLayout.CENTER);
        top.add(sounds, BorderLayout.EAST);
        Optional<EditorSession.Transport> transport = session.transport();
        transport.ifPresent(t -> {
            play.setName("play");
            play.addActionListener(e -> {
                if (play.isSelected()) t.play();
                else t.stop();
            });
            tempo.setName("tempo");
            tempo.setValue(t.tempoBpm());
            tempo.addChangeListener(e -> t.setTempoBpm(((Number) tempo.getValue()).doubleValue()));
            bar.add(play);
            bar.add(new JLabel("Tempo"));
            bar.add(tempo);
            bar.add(new JLabel("bpm   "));
        });
        JButton regenerate = new JButton("\u21BB Regenerate");
        regenerate.setName("regenerate");
        regenerate.setToolTipText("Throw away the upcoming bars and sample new ones from the seed");
        regenerate.addActionListener(e -> session.regenerate());
        bar.add(regenerate);
        bar.add(new JLabel("  Variations"));
        for (int i = 0; i < VARIATIONS; i++) {
            int n = i;
            JToggleButton b = new JToggleButton(String.valueOf((char) ('A' + i)));
            b.setName("variation" + i);
            b.setToolTipText("Audition variation " + b.getText() + " of the upcoming bars");
            b.addActionListener(e -> session.audition(n));
            variations[i] = b;
            bar.add(b);
        }
        JButton keep = new JButton("Keep");
        keep.setName("keep");
        keep.setToolTipText("Keep the variation you hear (locks it)");
        keep.addActionListener(e -> session.pick());
        bar.add(keep);
        kit.setName("kit");
        kit.addActionListener(e -> chooseKit());
        room.setName("room");
        room.addActionListener(e -> chooseRoom());
        model.setName("model");
        model.addActionListener(e -> chooseModel());
        if (!session.canChooseModel()) {
            model.setEnabled(false);
            model.setToolTipText("Model choice is not available here: the bundled model plays");
        }
        if (!session.canChooseSounds()) {
            for (JButton b : new JButton[]{kit, room}) {
                b.setEnabled(false);
                b.setToolTipText("Kit and room choice is not available in this build: the bundled sounds play");
            }
        }
        sounds.add(new JLabel("Level"));
        sounds.add(meter);
        return top;
    }

    private JPanel bottomBar() {
        JPanel controls = new JPanel(new GridLayout(0, 2, 16, 2));
        for (EditorSession.Control c : session.controls()) {
            ParamSlider s = new ParamSlider(session, c);
            sliders.add(s);
            controls.add(s);
        }
        JPanel midi = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 2));
        MidiDragHandle handle = new MidiDragHandle(this::writeDragFile, this::describeExport, this::say);
        midi.add(handle);
        JButton export = new JButton("Export MIDI\u2026");
        export.setName("export");
        export.addActionListener(e -> exportMidi());
        JButton copy = new JButton("Copy MIDI");
        copy.setName("copy");
        copy.setToolTipText("Write the MIDI file and put it on the clipboard (paste into a DAW or file manager)");
        copy.addActionListener(e -> copyMidi());
        JButton all = new JButton("Select none");
        all.addActionListener(e -> grid.clearSelection());
        midi.add(export);
        midi.add(copy);
        midi.add(all);
        midi.add(selection);
        JPanel sounds = new JPanel(new FlowLayout(FlowLayout.RIGHT, 8, 2));
        sounds.add(kit);
        sounds.add(room);
        sounds.add(model);
        JPanel row = new JPanel(new BorderLayout());
        row.add(midi, BorderLayout.CENTER);
        row.add(sounds, BorderLayout.EAST);
        JPanel south = new JPanel(new BorderLayout());
        south.add(controls, BorderLayout.NORTH);
        south.add(row, BorderLayout.CENTER);
        status.setName("status");
        status.setBorder(BorderFactory.createEmptyBorder(2, 8, 4, 8));
        south.add(status, BorderLayout.SOUTH);
        return south;
    }

    /** One poll: new snapshot to the grid, meter, sliders, labels. */
    private void refresh() {
        GridView view = session.view();
        history.record(view);
        grid.show(view);
        meter.update(session.levels());
        for (ParamSlider s : sliders) s.refresh();
        int heard = session.auditioned();
        for (int i = 0; i < VARIATIONS; i++) variations[i].setSelected(i == heard);
        kit.setText("Kit: " + session.kitName() + "\u2026");
        room.setText("Room: " + session.roomName() + "\u2026");
        String warning = session.modelWarning();
        model.setText((warning.isEmpty() ? "Model: " : "\u26A0 Model: ") + session.modelName() + "\u2026");
        if (session.canChooseModel()) {
            model.setToolTipText(warning.isEmpty() ? "Choose a model folder (drum_rnn.onnx + spec.json)" : warning);
        }
        showSelection();
        session.transport().ifPresent(t -> {
            if (play.isSelected() != t.playing()) play.setSelected(t.playing());
            play.setText(t.playing() ? "\u25A0 Stop" : "\u25B6 Play");
        });
        String s = session.status();
        String text = message.isEmpty() ? s : (s.isEmpty() ? message : s + "   \u00B7   " + message);
        if (!text.equals(status.getText().trim())) status.setText(text.isEmpty() ? " " : text);
        status.setForeground(s.isEmpty() ? null : new Color(0xffb0a0));
    }

    private void say(String text) {
        message = text;
        refresh();
    }

    /** The selected bars, or with none selected every bar of this take the editor has seen. */
    private List<BarView> exportBars() {
        List<BarView> chosen = grid.selectedBars();
        if (!chosen.isEmpty()) return chosen;
        List<BarView> all = history.all();
        return all.isEmpty() ? grid.view().bars() : all;
    }

    private String describeExport() {
        List<BarView> chosen = grid.selectedBars();
        int n = exportBars().size();
        return (chosen.isEmpty() ? "all " : "the selected ") + n + (n == 1 ? " bar" : " bars");
    }

    private void showSelection() {
        String text = grid.selectedBars().isEmpty() ? "All bars of this take" : describeExport();
        if (!text.equals(selection.getText())) selection.setText(text);
        selection.setToolTipText("What Drag, Export and Copy write: click bar headers to choose bars, Shift-click for a range");
    }

    private byte[] midiBytes() {
        GridView v = grid.view();
        return BarsMidi.write(exportBars(), v.tempoBpm(), v.stepsPerBeat(), session.outputNotes());
    }

    /** Writes the bars to a new file in the drag folder (a DAW may read the file after the drop). */
    Path writeDragFile() throws Exception {
        List<BarView> bars = exportBars();
        if (bars.isEmpty()) throw new IllegalStateException("no bars generated yet: press play or Regenerate");
        Files.createDirectories(dragFolder);
        Path file = dragFolder.resolve(BarsMidi.fileName(bars));
        GridView v = grid.view();
        BarsMidi.writeFile(file, bars, v.tempoBpm(), v.stepsPerBeat(), session.outputNotes());
        return file;
    }

    private void exportMidi() {
        if (exportBars().isEmpty()) {
            say("Nothing to export yet: press play or Regenerate");
            return;
        }
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Export MIDI");
        chooser.setFileFilter(new FileNameExtensionFilter("Standard MIDI file", "mid", "midi"));
        chooser.setSelectedFile(new java.io.File(BarsMidi.fileName(exportBars())));
        if (chooser.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) return;
        Path file = chooser.getSelectedFile().toPath();
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.midi?")) file = file.resolveSibling(file.getFileName() + ".mid");
        try {
            byte[] bytes = midiBytes();
            Files.write(file, bytes);
            say("Exported " + describeExport() + " to " + file);
        } catch (Exception ex) {
            say("Export failed: " + ex.getMessage());
        }
    }

    private void copyMidi() {
        try {
            Path file = writeDragFile();
            Clipboard clipboard = Toolkit.getDefaultToolkit().getSystemClipboard();
            clipboard.setContents(new MidiFileTransfer(file), null);
            say("Copied " + describeExport() + ": " + file);
        } catch (Exception ex) {
            say("Copy failed: " + ex.getMessage());
        }
    }

    private void chooseKit() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Choose a kit folder (WAV samples, or a Hydrogen drumkit)");
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        if (chooser.showOpenDialog(this) != JFileChooser.APPROVE_OPTION) return;
        try {
            session.chooseKit(chooser.getSelectedFile().toPath());
            say("Kit loaded: " + session.kitName());
        } catch (Exception ex) {
            say("Kit not loaded (" + ex.getMessage() + "); still playing " + session.kitName());
        }
    }

    private void chooseRoom() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Choose an impulse response");
        chooser.setFileFilter(new FileNameExtensionFilter("WAV or FLAC impulse response", "wav", "flac", "aif", "aiff"));
        if (chooser.showOpenDialog(this) != JFileChooser.APPROVE_OPTION) return;
        try {
            session.chooseRoom(chooser.getSelectedFile().toPath());
            say("Room loaded: " + session.roomName());
        } catch (Exception ex) {
            say("Room not loaded (" + ex.getMessage() + "); still using " + session.roomName());
        }
    }

    private void chooseModel() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Choose a model folder (drum_rnn.onnx + spec.json, from downbeat train or import-magenta)");
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        if (chooser.showOpenDialog(this) != JFileChooser.APPROVE_OPTION) return;
        try {
            session.chooseModel(chooser.getSelectedFile().toPath());
            say("Model loaded, playing from the next bar: " + session.modelName());
        } catch (Exception ex) {
            say("Model not loaded (" + ex.getMessage() + "); still playing " + session.modelName());
        }
    }

    public DrumGrid grid() {
        return grid;
    }

    /** Stops the poll timer; the panel holds nothing else that outlives its window. */
    public void dispose() {
        poll.stop();
    }
}
