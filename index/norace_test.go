//go:build !race

package index

// raceBuild is true under -race (see race_test.go).
const raceBuild = false
