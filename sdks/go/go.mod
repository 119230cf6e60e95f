module github.com/patchbay/patchbay/sdks/go

// go 1.23: the first release with range-over-func, so list methods can return iter.Seq2.
go 1.23
