/// The kinds of sound scene the corpus synthesises.
package enum SceneKind: String, Sendable, CaseIterable {
    /// Speech-like: glottal pulses / noise through moving formant resonators, syllable-rate
    /// envelope, phrases separated by pauses.
    case speech
    /// A steady beat (96–136 BPM per seed): kick every beat, bass, a four-bar chord loop, a random melody and
    /// hi-hats of random loudness (strongly periodic correlation, one true peak).
    case music
    /// Hand claps at random intervals over a quiet room tone.
    case claps
    /// Tone bursts (with harmonics) of random pitch, length and spacing.
    case tones
    /// Pink noise (e.g. a fan, rain).
    case pinkNoise
    /// White noise.
    case whiteNoise
}
