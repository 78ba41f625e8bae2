import Testing

@Test func endToEndPlaceholder() {
    #expect(1 + 1 == 2)
}
