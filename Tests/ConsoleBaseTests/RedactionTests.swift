import Testing
@testable import ConsoleBase

@Suite struct RedactionTests {
    @Test func genericShapes() {
        #expect(Redaction.redact("GET https://admin:pw@host/x") == "GET https://<redacted>@host/x")
        #expect(Redaction.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc") == "Authorization: Bearer <redacted>")
        #expect(Redaction.redact("Authorization: Bearer short") == "Authorization: Bearer <redacted>")
        #expect(Redaction.redact("the bearer token was rejected") == "the bearer token was rejected")
        #expect(Redaction.redact("header Basic YWRtaW46aHVudGVyMjI=") == "header Basic <redacted>")
        #expect(Redaction.redact("password hunter22 echoed", secrets: ["hunter22"]) == "password <redacted> echoed")
        #expect(Redaction.redact("ab cd", secrets: ["ab"]) == "ab cd")
    }

    @Test(arguments: [
        ("ipfs-cluster-ctl --basic-auth admin:s3cret peers ls", "ipfs-cluster-ctl --basic-auth <redacted> peers ls"),
        ("--basic-auth=admin:s3cret", "--basic-auth=<redacted>"),
        ("--secret 1f2e3d", "--secret <redacted>"),
        ("password=hunter22&user=bob", "password=<redacted>&user=bob"),
        ("CLUSTER_SECRET: 0123abcd", "CLUSTER_SECRET: <redacted>"),
        (#"{"api_key": "AKIA123", "n": 1}"#, #"{"api_key": "<redacted>", "n": 1}"#),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sflKxwRJSMeKKF2QT4fwpM here", "token <redacted> here"),
        ("no secrets here: peer 12D3KooW down", "no secrets here: peer 12D3KooW down"),
    ])
    func credentialForms(input: String, expected: String) {
        #expect(Redaction.redact(input) == expected)
    }

    @Test func idempotent() {
        let once = Redaction.redact("password=x https://u:p@h Authorization: Basic YWRtaW46aHVudGVyMjI= --token abc")
        #expect(Redaction.redact(once) == once)
    }
}
