public enum SeminarCoreVersion { public static let version = "0.1.0" }
