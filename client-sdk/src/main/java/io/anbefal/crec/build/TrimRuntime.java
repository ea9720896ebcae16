package io.anbefal.crec.build;

import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.emit.ProgramEmitter;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * A TeaVM plugin, used only while compiling the crec script (TeaVM finds it through
 * {@code META-INF/services/org.teavm.vm.spi.TeaVMPlugin}; nothing of it runs in the browser or on the server).
 * TeaVM links two things into every script whatever the script uses, and together they are about 1.6 KB of the
 * 3.9 KB min+gzip an empty program costs:
 * <ul>
 * <li>{@code Object.toString()} (class name, {@code '@'}, identity hash in hex): it brings StringBuilder,
 *     Integer and Character, Class names and two exception classes. The script never turns a Java object into
 *     text, so here it answers a constant.</li>
 * <li>{@code Throwable}'s constructors create the JavaScript {@code Error} at once (for the stack trace). Here
 *     they leave that to the throw, which creates it when it is missing: a thrown exception is still a
 *     JavaScript error, only its stack starts at the {@code throw}, not at the {@code new}.</li>
 * </ul>
 */
public final class TrimRuntime implements TeaVMPlugin, ClassHolderTransformer {

    @Override
    public void install(TeaVMHost host) {
        host.add(this);
    }

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        switch (cls.getName()) {
            case "java.lang.Object" -> {
                MethodHolder toString = cls.getMethod(new MethodDescriptor("toString", String.class));
                ProgramEmitter.create(toString, context.getHierarchy()).constant("java.lang.Object").returnValue();
            }
            case "java.lang.Throwable" -> {
                for (MethodHolder method : cls.getMethods()) {
                    if (method.getName().equals("initNativeException")) {
                        ProgramEmitter.create(method, context.getHierarchy()).exit();
                    }
                }
            }
            default -> { }
        }
    }
}
