import Foundation
import Testing
@testable import ClusterAPI

private let password = "s3cretPassw0rd"
private let goodToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhZG1pbiJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
private let basicGood = "Basic " + Data("admin:\(password)".utf8).base64EncodedString()

/// Answers like a v1.1.6 peer with `basic_auth_credentials = {"admin": password}`.
private let authRoute: Route = { r in
    let auth = r.header("Authorization")
    let noAuth = Reply.error(401, "Unauthorized", "unauthorized: no auth provided", extraHeaders: [
        ("Www-Authenticate", "Bearer realm=\"Restricted IPFS Cluster API\""),
        ("Www-Authenticate", "Basic realm=\"Restricted IPFS Cluster API\"")])
    guard let auth else { return noAuth }
    if auth.hasPrefix("Basic ") {
        guard auth == basicGood else { return Reply.error(401, "Unauthorized", "unauthorized: access denied") }
    } else if auth.lowercased().hasPrefix("bearer ") {
        guard auth.dropFirst(7) == goodToken else {
            return Reply.error(401, "Unauthorized", "unauthorized: invalid token",
                               extraHeaders: [("Www-Authenticate", "Bearer realm=\"Restricted IPFS Cluster API\", error=\"invalid_token\"")])
        }
    }
    if r.path == "/token" { return Reply.json(200, "OK", "{\"token\":\"\(goodToken)\"}\n") }
    return Reply.recorded("recorded/02-version.http")
}

private func kind(_ body: () async throws -> Void) async -> ClusterAPIError.Kind? {
    do { try await body(); return nil } catch { return (error as? ClusterAPIError)?.kind }
}

@Suite("Authentication variants")
struct AuthIntegrationTests {
    @Test func noCredentials() async throws {
        try await withServer({ r in authRoute(r) }) { client, _ in
            do { _ = try await client.version(); Issue.record("expected 401") } catch let e as ClusterAPIError {
                #expect(e.kind == .unauthorizedNoCredentials(message: "unauthorized: no auth provided"))
                #expect(e.status == 401)
                #expect(e.exitCode == 2)
                #expect(e.description.contains("requires authentication and none was given"))
            }
        }
    }

    @Test func wrongPassword() async throws {
        try await withServer(auth: .basic(user: "admin", password: "wrong-password"), { r in authRoute(r) }) { client, _ in
            do { _ = try await client.version(); Issue.record("expected 401") } catch let e as ClusterAPIError {
                #expect(e.kind == .unauthorizedAccessDenied(message: "unauthorized: access denied"))
                #expect(e.description.contains("rejected the user name or password"))
                #expect(!e.description.contains("wrong-password"))
            }
        }
    }

    @Test func badToken() async throws {
        try await withServer(auth: .bearer(token: "forged.token.value"), { r in authRoute(r) }) { client, _ in
            do { _ = try await client.version(); Issue.record("expected 401") } catch let e as ClusterAPIError {
                #expect(e.kind == .unauthorizedInvalidToken(message: "unauthorized: invalid token"))
                #expect(e.description.contains("rejected the bearer token"))
                #expect(!e.description.contains("forged.token.value"))
            }
        }
    }

    @Test func basicAuthWorks() async throws {
        try await withServer(auth: .basic(user: "admin", password: password), { r in authRoute(r) }) { client, server async throws in
            #expect(try await client.version().version == "1.1.6")
            #expect(await server.log.requests.first?.header("Authorization") == basicGood)
        }
    }

    @Test func tokenIsFetchedOnceThenUsed() async throws {
        try await withServer(auth: .basicFetchingToken(user: "admin", password: password), { r in authRoute(r) }) { client, server in
            async let a = client.version()
            async let b = client.version()
            _ = try await (a, b)
            #expect(try await client.version().version == "1.1.6")
            let reqs = await server.log.requests
            #expect(reqs.filter { $0.path == "/token" }.count == 1)
            #expect(reqs.first { $0.path == "/token" }?.method == "POST")
            #expect(reqs.filter { $0.path == "/version" }.allSatisfy { $0.header("Authorization") == "Bearer \(goodToken)" })
        }
    }

    @Test func tokenFetchWithWrongPasswordIsAccessDenied() async throws {
        try await withServer(auth: .basicFetchingToken(user: "admin", password: "nope-nope"), { r in authRoute(r) }) { client, _ in
            #expect(await kind { _ = try await client.version() } == .unauthorizedAccessDenied(message: "unauthorized: access denied"))
        }
    }

    @Test func credentialsNeverAppearInErrors() async throws {
        // A hostile or buggy server echoing our Authorization header back in messages,
        // headers and the stream trailer.
        let echo: Route = { r in
            let auth = r.header("Authorization") ?? ""
            switch r.path {
            case "/pins": return Reply.stream([pinLine(1)], streamError: "bad header \(auth)")
            case "/id": return Reply.error(500, "Internal Server Error", "cannot use \(auth)")
            case "/version": return [.write(Reply.head(502, "Bad Gateway", [("Content-Length", String(auth.utf8.count + 6))]) + Array("echo: \(auth)".utf8))]
            default: return [.write(Reply.head(307, "Temporary Redirect", [("Location", "http://admin:\(password)@elsewhere.invalid/x"), ("Content-Length", "0")]))]
            }
        }
        for auth in [ClusterAuth.basic(user: "admin", password: password), .bearer(token: goodToken)] {
            try await withServer(auth: auth, echo) { client, _ in
                var texts: [String] = []
                let (_, e1) = await drain(client.pins())
                texts.append("\(e1!)")
                do { _ = try await client.id() } catch { texts.append("\(error)") }
                do { _ = try await client.version() } catch { texts.append("\(error)") }
                do { try await client.send(Endpoint(.GET, "/redirect")) } catch { texts.append("\(error)") }
                texts.append("\(auth)")
                #expect(texts.count == 5)
                for t in texts {
                    #expect(!t.contains(password), "leaked password in: \(t)")
                    #expect(!t.contains(goodToken), "leaked token in: \(t)")
                    #expect(!t.contains(Data("admin:\(password)".utf8).base64EncodedString()), "leaked basic in: \(t)")
                }
                #expect(texts[1].contains("<redacted>"))
            }
        }
    }
}
