module heapcapture.dev/images

go 1.22
