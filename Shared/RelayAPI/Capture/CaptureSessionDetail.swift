/// `GET` and `PATCH /v1/sessions/{id}`: the session (with its vehicle) plus who ran it, in one flat object.
package struct CaptureSessionDetail: Codable, Sendable, Equatable {
    /// The user who ran the session, with the name when the user still exists.
    package struct Operator: Codable, Sendable, Equatable {
        package var id: String
        package var name: String?

        package init(id: String, name: String? = nil) {
            self.id = id
            self.name = name
        }

        enum CodingKeys: String, CodingKey { case id, name }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
        }
    }

    /// The device that captured the session, with its model when the device still exists.
    package struct Device: Codable, Sendable, Equatable {
        package var id: String
        package var model: String?

        package init(id: String, model: String? = nil) {
            self.id = id
            self.model = model
        }

        enum CodingKeys: String, CodingKey { case id, model }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(model, forKey: .model)
        }
    }

    /// The members `POST /v1/sessions` answers with.
    package var session: CaptureSession
    /// `null` for a session started by a device.
    package var `operator`: Operator?
    /// `null` for a session started by a user.
    package var device: Device?

    package init(session: CaptureSession, operator: Operator?, device: Device?) {
        self.session = session
        self.operator = `operator`
        self.device = device
    }

    enum CodingKeys: String, CodingKey { case `operator`, device }

    package init(from decoder: any Decoder) throws {
        session = try CaptureSession(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        `operator` = try container.decodeIfPresent(Operator.self, forKey: .operator)
        device = try container.decodeIfPresent(Device.self, forKey: .device)
    }

    // The session's members and these share one object; absent values are `null`.
    package func encode(to encoder: any Encoder) throws {
        try session.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(`operator`, forKey: .operator)
        try container.encode(device, forKey: .device)
    }
}
