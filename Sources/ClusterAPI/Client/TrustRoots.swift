import Foundation
import NIOSSL

/// Which certificate authorities HTTPS trusts, following Go's crypto/x509 on Linux so that a
/// private CA set up for ipfs-cluster-ctl works here unchanged: `SSL_CERT_FILE` replaces the
/// system bundle; the PEM files in the `SSL_CERT_DIR` folders (colon-separated) and `--ca-file`
/// are trusted in addition. (Go uses `SSL_CERT_DIR` instead of the system folders; on Debian the
/// bundle holds the same CAs, so only the extra ones matter.)
public enum TrustRoots {
    public static func tlsConfiguration(caFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = environment["SSL_CERT_FILE"], !file.isEmpty {
            tls.trustRoots = .file(file)
        }
        var extra: [NIOSSLCertificate] = []
        if let dirs = environment["SSL_CERT_DIR"], !dirs.isEmpty {
            for dir in dirs.split(separator: ":").map(String.init) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                for name in names.sorted() {
                    extra += (try? NIOSSLCertificate.fromPEMFile(dir + "/" + name)) ?? []
                }
            }
        }
        if let caFile {
            do {
                extra += try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw ClusterAPIError(.invalidArgument(detail: "--ca-file \(caFile): not a readable PEM certificate file (\(error))"), context: nil)
            }
        }
        if !extra.isEmpty { tls.additionalTrustRoots = [.certificates(extra)] }
        return tls
    }
}
