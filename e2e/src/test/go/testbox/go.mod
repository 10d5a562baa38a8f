module heapcapture.dev/e2e/testbox

go 1.22
