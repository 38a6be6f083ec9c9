package io.charter.server.service;

import io.charter.server.protocol.ServiceModel;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled service models a server needs, parsed in the background from the moment the server
 * starts (parsing needs nothing from the store, so the start does not wait for it). A model not
 * asked for in advance is parsed when first needed. Thread-safe.
 */
public final class ServiceModels {
    private final Map<String, CompletableFuture<ServiceModel>> models = new ConcurrentHashMap<>();

    private ServiceModels() {
    }

    /** Starts parsing the named bundled models on another thread. */
    public static ServiceModels loading(Collection<String> names) {
        ServiceModels models = new ServiceModels();
        for (String name : names) {
            models.models.put(name, CompletableFuture.supplyAsync(() -> ServiceModel.load(name)));
        }
        return models;
    }

    /** The bundled model of this name ({@code iam}, {@code sts}, ...), waiting for its parse if it is under way. */
    public ServiceModel model(String name) {
        try {
            return models.computeIfAbsent(name, n -> CompletableFuture.completedFuture(ServiceModel.load(n))).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
