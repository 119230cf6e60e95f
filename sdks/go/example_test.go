package patchbay_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	patchbay "github.com/patchbay/patchbay/sdks/go"
)

// The README's examples, compiled with the tests so they cannot rot (not run: no server here).

func ExampleClient_Connect() {
	ctx := context.Background()
	client, err := patchbay.NewClient("http://127.0.0.1:7300", os.Getenv("PATCHBAY_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	exec, err := client.Connect(ctx, "library", map[string]any{"ref": "v2"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(exec.Status, exec.OutputValue)
}

func ExampleCloudConnectionsService_Complete() {
	ctx := context.Background()
	client, _ := patchbay.NewClientFromEnv()
	aws, err := client.Cloud.Connections.Create(ctx, patchbay.CreateCloudConnectionInput{
		Provider: "aws", Name: "prod_aws", Scopes: []patchbay.Scope{patchbay.ScopeStorage},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.Setup["external_id"])
	_, _ = client.Cloud.Connections.Complete(ctx, aws.Tag, map[string]any{"role_arn": "arn:aws:iam::444455556666:role/patchbay"})
	validation, _ := client.Cloud.Connections.Validate(ctx, aws.Tag)
	fmt.Println(validation.Valid)
}

func ExampleError() {
	ctx := context.Background()
	client, _ := patchbay.NewClientFromEnv()
	_, err := client.Connections.Get(ctx, "library")
	if errors.Is(err, patchbay.ErrConnectionNotFound) {
		fmt.Println("create it first")
	}
	var perr *patchbay.Error
	if errors.As(err, &perr) && perr.Code == patchbay.ErrMissingInput {
		log.Printf("missing %v (request %s)", perr.Details["fields"], perr.RequestID)
	}
}

func ExampleConnectionsService_List() {
	ctx := context.Background()
	client, _ := patchbay.NewClientFromEnv()
	for conn, err := range client.Connections.List(ctx, &patchbay.ListConnectionsOptions{Kind: patchbay.KindCloud}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(conn.Tag, conn.Status)
	}
	all, err := patchbay.Collect(client.Executions.List(ctx, &patchbay.ListExecutionsOptions{Tag: "library"}))
	fmt.Println(len(all), err)
}
