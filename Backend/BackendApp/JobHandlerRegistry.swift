import BackendCore

/// The job handlers of this build, by kind. `serve`'s in-process worker and `relay-backend worker` both
/// use this list.
package enum JobHandlerRegistry {
    package static func standard(services: AppServices, processor: any ImageProcessor = MediaImageProcessor()) -> JobHandlers {
        var handlers = JobHandlers()
        handlers.register(CaptureService.processJobKind) { job, context in
            guard let id = ImageJobPayload.imageId(job.payload) else {
                throw PermanentJobFailure("payload has no image_id: \(job.payload)")
            }
            try await services.capture.processImage(id: id, processor: processor, logger: context.logger)
        }
        handlers.register(VideoService.processJobKind) { job, context in
            try await services.video.process(job: job, context: context)
        }
        handlers.register(VideoService.ladderJobKind) { job, context in
            try await services.video.buildLadder(job: job, context: context)
        }
        handlers.register(MulticamService.ingestJobKind) { job, context in
            try await services.multicam.ingest(job: job, context: context)
        }
        handlers.register(MulticamService.syncJobKind) { job, context in
            try await services.multicam.runSync(job: job, context: context)
        }
        handlers.register(AnalyzerService.syncJobKind) { job, context in
            try await services.analyzer.run(job: job, context: context)
        }
        handlers.register(AnalyzerService.webhookJobKind) { job, context in
            try await services.analyzer.deliverWebhook(job: job, context: context)
        }
        handlers.register(AnalyzerService.waveformJobKind) { job, context in
            try await services.analyzer.runWaveformJob(job: job, context: context)
        }
        return handlers
    }
}
